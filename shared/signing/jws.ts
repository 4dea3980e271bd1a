/** Compact JWS pieces shared by the signers: the signing input, and ECDSA signatures in JOSE form. */
const base64url = (data: string | Uint8Array) => Buffer.from(data).toString('base64url');

export function signingInput(header: Record<string, unknown>, claims: Record<string, unknown>): string {
  return `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
}

/**
 * KMS returns an ECDSA signature DER-encoded (SEQUENCE of two INTEGERs); JWS wants r and s as two
 * 32-byte big-endian numbers side by side (RFC 7518 §3.4).
 */
export function derToJose(der: Uint8Array, size = 32): Buffer {
  const bytes = Buffer.from(der);
  let offset = 0;
  const expect = (tag: number) => {
    if (bytes[offset] !== tag) throw new Error('Not a DER ECDSA signature');
    offset += 1;
  };
  const length = () => {
    let value = bytes[offset++] as number;
    if (value & 0x80) {
      const count = value & 0x7f;
      value = 0;
      for (let i = 0; i < count; i++) value = (value << 8) | (bytes[offset++] as number);
    }
    return value;
  };
  const integer = () => {
    expect(0x02);
    const size_ = length();
    if (offset + size_ > bytes.length) throw new Error('Not a DER ECDSA signature: truncated');
    let value = bytes.subarray(offset, offset + size_);
    offset += size_;
    while (value.length > size && value[0] === 0) value = value.subarray(1);
    if (value.length > size) throw new Error('ECDSA integer too long');
    return Buffer.concat([Buffer.alloc(size - value.length), value]);
  };
  expect(0x30);
  const sequenceLength = length();
  if (offset + sequenceLength !== bytes.length)
    throw new Error('Not a DER ECDSA signature: its length does not match');
  return Buffer.concat([integer(), integer()]);
}
