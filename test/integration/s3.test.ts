import { Readable } from 'node:stream';

import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from '@aws-sdk/client-s3';

import { localS3Client, startS3Server, type S3Server } from '../../local';
import { suiteDir } from '../support/services';

describe('local S3-compatible server', () => {
  let server: S3Server;

  beforeAll(async () => {
    server = await startS3Server({ dir: suiteDir('s3') });
  });
  afterAll(async () => {
    await server.close();
  });

  it('listens on loopback only', () => {
    expect(server.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('round-trips objects with the AWS SDK, including streamed bodies', async () => {
    const s3 = localS3Client(server.endpoint);
    await s3.send(new CreateBucketCommand({ Bucket: 'results' }));
    await s3.send(
      new PutObjectCommand({ Bucket: 'results', Key: 'runs/a.json', Body: '{"ok":true}' }),
    );
    const body = Buffer.from('streamed body 123');
    await s3.send(
      new PutObjectCommand({
        Bucket: 'results',
        Key: 'runs/b.txt',
        Body: Readable.from([body]),
        ContentLength: body.length,
      }),
    );
    const a = await s3.send(new GetObjectCommand({ Bucket: 'results', Key: 'runs/a.json' }));
    expect(await a.Body?.transformToString()).toBe('{"ok":true}');
    const b = await s3.send(new GetObjectCommand({ Bucket: 'results', Key: 'runs/b.txt' }));
    // Without WHEN_REQUIRED checksums the SDK would send aws-chunked framing that s3rver stores verbatim.
    expect(await b.Body?.transformToString()).toBe('streamed body 123');
    const list = await s3.send(new ListObjectsV2Command({ Bucket: 'results', Prefix: 'runs/' }));
    expect(list.Contents?.map((o) => o.Key).sort()).toEqual(['runs/a.json', 'runs/b.txt']);
    s3.destroy();
  });
});
