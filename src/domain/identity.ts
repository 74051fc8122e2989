/** Who a request is made for. Every stored resource belongs to exactly one organisation. */
export interface Identity {
  orgId: string;
  userId: string;
}
