/**
 * The bed's bucket as the nodes and launchers use it: JSON and file objects under keys built by
 * `bed/s3-layout.ts`, every call retried (bounded) through {@link withRetries}.
 */
import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';

import {
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';

import { withRetries, type RetryOptions } from './retry';

/** Where the bucket is; credentials come from the SDK's default chain. */
export interface BucketLocation {
  readonly bucket: string;
  readonly region: string;
  /** Empty on AWS; an S3-compatible server (path-style) otherwise. */
  readonly endpoint: string;
  /** @default - the SDK's default chain (environment, instance profile) */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

/** S3 client settings for a location: path-style and checksums only when required off AWS. */
export function s3ClientConfig(location: BucketLocation): S3ClientConfig {
  const credentials = location.credentials ? { credentials: { ...location.credentials } } : {};
  return location.endpoint
    ? {
        region: location.region,
        endpoint: location.endpoint,
        forcePathStyle: true,
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
        maxAttempts: 2,
        ...credentials,
      }
    : { region: location.region, maxAttempts: 2, ...credentials };
}

function isMissing(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === 'NoSuchKey' || e.name === 'NotFound' || e.$metadata?.httpStatusCode === 404;
}

/** A bucket with bounded retries on every call. */
export class BedBucket {
  readonly client: S3Client;

  constructor(
    readonly location: BucketLocation,
    private readonly retry: Omit<RetryOptions, 'description'> = {},
  ) {
    this.client = new S3Client(s3ClientConfig(location));
  }

  private run<T>(description: string, fn: () => Promise<T>): Promise<T> {
    return withRetries(fn, { ...this.retry, description });
  }

  async putJson(key: string, value: unknown): Promise<void> {
    const body = `${JSON.stringify(value, null, 2)}\n`;
    await this.run(`put ${key}`, () =>
      this.client.send(
        new PutObjectCommand({
          Bucket: this.location.bucket,
          Key: key,
          Body: body,
          ContentType: 'application/json',
        }),
      ),
    );
  }

  async putText(key: string, text: string, contentType = 'text/plain'): Promise<void> {
    await this.run(`put ${key}`, () =>
      this.client.send(
        new PutObjectCommand({
          Bucket: this.location.bucket,
          Key: key,
          Body: text,
          ContentType: contentType,
        }),
      ),
    );
  }

  async putFile(
    key: string,
    file: string,
    contentType = 'application/octet-stream',
  ): Promise<void> {
    await this.run(`put ${key}`, () =>
      this.client.send(
        new PutObjectCommand({
          Bucket: this.location.bucket,
          Key: key,
          Body: createReadStream(file),
          ContentLength: statSync(file).size,
          ContentType: contentType,
        }),
      ),
    );
  }

  /** The object's text; undefined when it does not exist. */
  async getText(key: string): Promise<string | undefined> {
    return this.run(`get ${key}`, async () => {
      try {
        const out = await this.client.send(
          new GetObjectCommand({ Bucket: this.location.bucket, Key: key }),
        );
        return (await out.Body?.transformToString()) ?? '';
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw error;
      }
    });
  }

  /** The object parsed as JSON; undefined when it does not exist. */
  async getJson(key: string): Promise<unknown> {
    const text = await this.getText(key);
    return text === undefined ? undefined : (JSON.parse(text) as unknown);
  }

  /** Downloads an object to a file; false when it does not exist. */
  async getFile(key: string, file: string): Promise<boolean> {
    return this.run(`get ${key}`, async () => {
      try {
        const out = await this.client.send(
          new GetObjectCommand({ Bucket: this.location.bucket, Key: key }),
        );
        await pipeline(out.Body as Readable, createWriteStream(file));
        return true;
      } catch (error) {
        if (isMissing(error)) return false;
        throw error;
      }
    });
  }

  /** Every key under `prefix` (all pages; bounded by `max`). */
  async list(prefix: string, max = 10_000): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.run(`list ${prefix}`, () =>
        this.client.send(
          new ListObjectsV2Command({
            Bucket: this.location.bucket,
            Prefix: prefix,
            ...(token ? { ContinuationToken: token } : {}),
          }),
        ),
      );
      for (const o of page.Contents ?? []) if (o.Key) keys.push(o.Key);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token && keys.length < max);
    return keys;
  }

  close(): void {
    this.client.destroy();
  }
}
