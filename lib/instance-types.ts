/**
 * Facts about EC2 instance types the bed needs at synth, without AWS calls: the architecture
 * (AMI and Node runtime) and whether the type has instance-store NVMe (Cassandra data).
 */
import * as ec2 from 'aws-cdk-lib/aws-ec2';

/** Families whose every size has instance-store NVMe (besides the `…d` variants such as m7gd). */
const STORE_FAMILIES = new Set([
  'i3',
  'i3en',
  'i4i',
  'i4g',
  'i7i',
  'i7ie',
  'i8g',
  'im4gn',
  'is4gen',
  'd3',
  'd3en',
]);

/** Whether `type` (e.g. `i4i.xlarge`, `m7gd.large`) has instance-store NVMe volumes. */
export function hasInstanceStore(type: string): boolean {
  const family = type.split('.')[0] ?? '';
  if (STORE_FAMILIES.has(family)) return true;
  // Generation-letter-d variants: m5d, c6gd, r7gd, m6id, c5ad, m5dn, r6idn …
  return /^[a-z]+\d+[a-z]*d[n]?$/.test(family) && !/^(t|a1|mac)/.test(family);
}

/** The CPU architecture of `type`, as the AMI and Node runtime know it. */
export function architectureOf(type: ec2.InstanceType): 'amd64' | 'arm64' {
  return type.architecture === ec2.InstanceArchitecture.ARM_64 ? 'arm64' : 'amd64';
}

/** The public SSM parameter of the current Debian 12 AMI for an architecture (resolved at deploy). */
export function debianAmiParameter(arch: 'amd64' | 'arm64'): string {
  return `/aws/service/debian/release/12/latest/${arch}`;
}
