// Checks the policy document of a POST form upload (the SDK's generateSignedPostPolicyV4, and V2
// forms with GoogleAccessId/signature) the way the XML API does: the policy must not have
// expired, every condition must hold (exact match, ["eq"|"starts-with", "$field", value],
// ["content-length-range", min, max]), and every form field except the signature, the policy,
// the file and x-ignore-* fields must be named by a condition. The RSA signature over the
// base64 policy is verified when the emulator holds a key for the signer, as for signed URLs.
import { type KeyObject, verify } from 'node:crypto';
import { isJsonObject } from './merge-patch.ts';
import { invalidArgument, parseV4Credential, signatureMismatch, verifyingKey } from './v4-credential.ts';
import { XmlError } from './xml-error.ts';

export interface PolicyInput {
  readonly fields: ReadonlyMap<string, string>;
  /** The bucket the form was posted to: from the path, else the `bucket` field or condition. */
  readonly bucket: string | undefined;
  /** The object name with ${filename} expanded. */
  readonly key: string;
  readonly size: number;
  readonly keys: ReadonlyMap<string, KeyObject>;
  readonly now: number;
}

/** Fields that are never named by conditions. */
const UNCONDITIONED = new Set(['policy', 'x-goog-signature', 'signature', 'googleaccessid', 'file']);

function policyError(details: string): XmlError {
  return new XmlError(
    400,
    'InvalidPolicyDocument',
    'The content of the form does not meet the conditions specified in the policy document.',
    details,
  );
}

function conditionFailed(condition: unknown): XmlError {
  return policyError(`Invalid according to Policy: Policy Condition failed: ${JSON.stringify(condition)}`);
}

interface PolicyDocument {
  readonly expiration: string;
  readonly conditions: readonly unknown[];
}

function decodePolicy(encoded: string): PolicyDocument {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(encoded, 'base64').toString('utf8'));
  } catch {
    throw policyError('Policy document parsing error.');
  }
  if (!isJsonObject(value) || typeof value.expiration !== 'string' || !Array.isArray(value.conditions)) {
    throw policyError('Policy document parsing error.');
  }
  return { expiration: value.expiration, conditions: value.conditions };
}

/** The bucket a form names when the URL does not: its `bucket` field or {"bucket": …} condition. */
export function bucketOfForm(fields: ReadonlyMap<string, string>): string | undefined {
  const field = fields.get('bucket');
  if (field !== undefined) return field;
  const policy = fields.get('policy');
  if (policy === undefined) return undefined;
  for (const condition of decodePolicy(policy).conditions) {
    if (isJsonObject(condition) && typeof condition.bucket === 'string') return condition.bucket;
  }
  return undefined;
}

function verifySignature(input: PolicyInput, policy: string): void {
  const { fields, keys } = input;
  if (fields.has('x-goog-signature')) {
    const credential = parseV4Credential(
      fields.get('x-goog-algorithm') ?? '',
      fields.get('x-goog-credential') ?? '',
      fields.get('x-goog-date') ?? '',
    );
    const signature = fields.get('x-goog-signature') ?? '';
    if (!/^[0-9a-f]+$/i.test(signature)) throw invalidArgument('Invalid x-goog-signature.');
    const key = verifyingKey(keys, credential.clientEmail);
    if (key === undefined || credential.algorithm !== 'GOOG4-RSA-SHA256') return;
    if (!verify('sha256', Buffer.from(policy), key, Buffer.from(signature, 'hex'))) {
      throw signatureMismatch(policy);
    }
    return;
  }
  const accessId = fields.get('googleaccessid');
  const signature = fields.get('signature');
  if (accessId === undefined || signature === undefined) throw invalidArgument('Missing signature.');
  const key = verifyingKey(keys, accessId);
  if (key !== undefined && !verify('sha256', Buffer.from(policy), key, Buffer.from(signature, 'base64'))) {
    throw signatureMismatch(policy);
  }
}

/** Value of `$name` in a condition, as the form has it (the bucket and key as resolved). */
function formValue(input: PolicyInput, name: string): string | undefined {
  if (name === 'bucket') return input.bucket;
  if (name === 'key') return input.key;
  return input.fields.get(name);
}

function checkCondition(input: PolicyInput, condition: unknown, named: Set<string>): void {
  if (isJsonObject(condition)) {
    const entries = Object.entries(condition);
    if (entries.length !== 1) throw policyError('Policy document parsing error.');
    const [field, expected] = entries[0] as [string, unknown];
    const name = field.toLowerCase();
    named.add(name);
    if (formValue(input, name) !== String(expected)) throw conditionFailed(condition);
    return;
  }
  if (!Array.isArray(condition) || condition.length !== 3)
    throw policyError('Policy document parsing error.');
  const [operator, subject, value] = condition as [unknown, unknown, unknown];
  const op = String(operator).toLowerCase();
  if (op === 'content-length-range') {
    const [min, max] = [Number(subject), Number(value)];
    if (input.size < min) {
      throw new XmlError(
        400,
        'EntityTooSmall',
        'Your proposed upload is smaller than the minimum object size specified in your Policy Document.',
        `Content-length smaller than lower bound on range: ${input.size} < ${min}`,
      );
    }
    if (input.size > max) {
      throw new XmlError(
        400,
        'EntityTooLarge',
        'Your proposed upload is larger than the maximum object size specified in your Policy Document.',
        `Content-length exceeds upper bound on range: ${input.size} > ${max}`,
      );
    }
    return;
  }
  if (typeof subject !== 'string' || !subject.startsWith('$') || typeof value !== 'string') {
    throw policyError('Policy document parsing error.');
  }
  const name = subject.slice(1).toLowerCase();
  named.add(name);
  const actual = formValue(input, name) ?? '';
  if (op === 'eq' ? actual !== value : op === 'starts-with' ? !actual.startsWith(value) : true) {
    throw conditionFailed(condition);
  }
}

export function verifyPostPolicy(input: PolicyInput): void {
  const policy = input.fields.get('policy');
  if (policy === undefined) throw policyError('Missing policy');
  const document = decodePolicy(policy);
  verifySignature(input, policy);
  const expiration = Date.parse(document.expiration);
  if (Number.isNaN(expiration)) throw policyError(`Invalid expiration: ${document.expiration}`);
  if (input.now > expiration) throw policyError('The policy has expired.');
  const named = new Set<string>();
  for (const condition of document.conditions) checkCondition(input, condition, named);
  const unreferenced = [...input.fields.keys()].filter(
    (name) => !UNCONDITIONED.has(name) && !name.startsWith('x-ignore-') && !named.has(name),
  );
  if (unreferenced.length > 0) {
    throw policyError(`Policy did not reference these fields: ${unreferenced.join(' ')}`);
  }
}
