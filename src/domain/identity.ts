/** Who a request is made for. Every stored resource belongs to exactly one organisation. */
export interface Identity {
  orgId: string;
  userId: string;
}

/** What organisation and user ids may be: 1–64 letters, digits, ".", "_" or "-". */
export const IDENTITY_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** The rule of IDENTITY_ID in words, for error messages. */
export const IDENTITY_ID_RULE = '1–64 letters, digits, ".", "_" or "-"';
