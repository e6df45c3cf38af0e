/**
 * An S3 general purpose bucket name: 3–63 of a-z 0-9 . -, starting and ending with a letter or
 * digit, not shaped like an IP address, not starting `xn--` (Amazon S3 User Guide, "General
 * purpose bucket naming rules").
 */
export const BUCKET = /^(?!\d+\.\d+\.\d+\.\d+$)(?!xn--)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** A key prefix of this project's layout: one or more `segment/`. */
export const PREFIX = /^([A-Za-z0-9_-]+\/)+$/;

/** An `s3://bucket/key` URI; the groups are the bucket and the key. */
export const S3_URI = /^s3:\/\/((?!\d+\.\d+\.\d+\.\d+\/)(?!xn--)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9])\/(.+)$/;
