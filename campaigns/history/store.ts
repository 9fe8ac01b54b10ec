import { mkdir, readFile, readdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

import {
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';

/**
 * Where a history lives: a directory locally, an S3 prefix in the cloud. Keys are `/`-separated
 * and identical in both (see campaigns/README.md, "History layout").
 */
export interface HistoryStore {
  put(key: string, body: string): Promise<void>;
  /** The object's text, or undefined when absent. */
  get(key: string): Promise<string | undefined>;
  /** Every key under `prefix`, sorted. */
  list(prefix: string): Promise<string[]>;
  /** Where it is, for messages. */
  readonly description: string;
}

/** A history in a local directory. Writes go to a temporary name first, so readers never see half a file. */
export function directoryStore(root: string): HistoryStore {
  const full = (key: string) => path.join(root, ...key.split('/'));
  const walk = async (dir: string, prefix: string): Promise<string[]> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const out: string[] = [];
    for (const e of entries) {
      const key = prefix ? `${prefix}/${e.name}` : e.name;
      if (e.isDirectory()) out.push(...(await walk(path.join(dir, e.name), key)));
      else if (!e.name.endsWith('.tmp')) out.push(key);
    }
    return out;
  };
  return {
    description: root,
    async put(key, body) {
      const file = full(key);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(`${file}.tmp`, body);
      await rename(`${file}.tmp`, file);
    },
    async get(key) {
      try {
        return await readFile(full(key), 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    async list(prefix) {
      const base = prefix.replace(/\/$/, '');
      const keys = await walk(full(base), base);
      return keys.sort();
    },
  };
}

/** A history under an S3 prefix (the client carries region, endpoint and credentials). */
export function s3Store(client: S3Client, bucket: string, prefix: string): HistoryStore {
  const at = (key: string) => `${prefix.replace(/\/$/, '')}/${key}`;
  return {
    description: `s3://${bucket}/${prefix}`,
    async put(key, body) {
      await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: at(key),
          Body: body,
          ContentType: 'application/json',
        }),
      );
    },
    async get(key) {
      try {
        const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: at(key) }));
        return await out.Body?.transformToString();
      } catch (error) {
        if ((error as { name?: string }).name === 'NoSuchKey') return undefined;
        throw error;
      }
    },
    async list(listPrefix) {
      const keys: string[] = [];
      let token: string | undefined;
      const strip = at('').length;
      // Bounded: a history of 1000 pages (a million objects) is far beyond any campaign's.
      for (let page = 0; page < 1000; page++) {
        const out = await client.send(
          new ListObjectsV2Command({
            Bucket: bucket,
            Prefix: at(listPrefix),
            ContinuationToken: token,
          }),
        );
        for (const o of out.Contents ?? []) if (o.Key) keys.push(o.Key.slice(strip));
        token = out.NextContinuationToken;
        if (!token) break;
      }
      return keys.sort();
    },
  };
}
