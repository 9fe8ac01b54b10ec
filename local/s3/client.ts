import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';

/** The fixed credentials of the local S3-compatible server (not secrets: it listens on loopback only). */
export const LOCAL_S3_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

/**
 * S3 client settings for the local server: path-style addressing, and checksums only when an
 * operation requires them. The SDK's default since 3.729 streams bodies `aws-chunked` with a
 * trailing CRC32, which s3rver stores verbatim (the object comes back framed).
 */
export function localS3ClientConfig(endpoint: string): S3ClientConfig {
  return {
    region: 'us-east-1',
    endpoint,
    forcePathStyle: true,
    credentials: LOCAL_S3_CREDENTIALS,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  };
}

/** An S3 client for the local server at `endpoint`. */
export function localS3Client(endpoint: string): S3Client {
  return new S3Client(localS3ClientConfig(endpoint));
}
