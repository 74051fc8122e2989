/** Typical fields and relationships of common business entities, for the simulated model. */

export interface FieldSketch {
  name: string;
  type: string;
  required: boolean;
}

const COMMON: FieldSketch[] = [
  { name: 'id', type: 'string', required: true },
  { name: 'createdAt', type: 'timestamp', required: true },
  { name: 'updatedAt', type: 'timestamp', required: true },
];

const SPECIFIC: Record<string, FieldSketch[]> = {
  order: [{ name: 'customerId', type: 'string', required: true }, { name: 'items', type: 'list', required: true }, { name: 'totalAmount', type: 'number', required: true }, { name: 'status', type: 'enum', required: true }],
  payment: [{ name: 'orderId', type: 'string', required: true }, { name: 'amount', type: 'number', required: true }, { name: 'currency', type: 'string', required: true }, { name: 'providerReference', type: 'string', required: false }, { name: 'status', type: 'enum', required: true }],
  customer: [{ name: 'email', type: 'string', required: true }, { name: 'name', type: 'string', required: true }, { name: 'phone', type: 'string', required: false }],
  user: [{ name: 'email', type: 'string', required: true }, { name: 'displayName', type: 'string', required: true }, { name: 'role', type: 'enum', required: true }],
  product: [{ name: 'sku', type: 'string', required: true }, { name: 'name', type: 'string', required: true }, { name: 'price', type: 'number', required: true }, { name: 'category', type: 'string', required: false }],
  inventory: [{ name: 'sku', type: 'string', required: true }, { name: 'warehouseId', type: 'string', required: true }, { name: 'quantity', type: 'number', required: true }],
  invoice: [{ name: 'orderId', type: 'string', required: true }, { name: 'amount', type: 'number', required: true }, { name: 'dueDate', type: 'timestamp', required: true }, { name: 'status', type: 'enum', required: true }],
  notification: [{ name: 'recipientId', type: 'string', required: true }, { name: 'channel', type: 'enum', required: true }, { name: 'template', type: 'string', required: true }, { name: 'sentAt', type: 'timestamp', required: false }],
  shipment: [{ name: 'orderId', type: 'string', required: true }, { name: 'carrier', type: 'string', required: true }, { name: 'trackingNumber', type: 'string', required: false }, { name: 'status', type: 'enum', required: true }],
  booking: [{ name: 'customerId', type: 'string', required: true }, { name: 'startsAt', type: 'timestamp', required: true }, { name: 'endsAt', type: 'timestamp', required: true }, { name: 'status', type: 'enum', required: true }],
  appointment: [{ name: 'patientId', type: 'string', required: true }, { name: 'startsAt', type: 'timestamp', required: true }, { name: 'status', type: 'enum', required: true }],
};

export function fieldsFor(entity: string): FieldSketch[] {
  const specific = SPECIFIC[entity] ?? [{ name: 'name', type: 'string', required: true }, { name: 'description', type: 'string', required: false }, { name: 'status', type: 'enum', required: true }];
  return [COMMON[0] as FieldSketch, ...specific, ...COMMON.slice(1)];
}

const RELATIONSHIPS: Array<[string, string, 'one_to_one' | 'one_to_many' | 'many_to_many', string]> = [
  ['customer', 'order', 'one_to_many', 'A customer places many orders; orders keep the customer id.'],
  ['user', 'order', 'one_to_many', 'A user places many orders; orders keep the user id.'],
  ['order', 'payment', 'one_to_many', 'An order is paid by one or more payment attempts.'],
  ['order', 'shipment', 'one_to_many', 'An order ships in one or more shipments.'],
  ['order', 'invoice', 'one_to_one', 'Each order has one invoice.'],
  ['order', 'product', 'many_to_many', 'Orders list products through their order lines (copied price and quantity).'],
  ['product', 'inventory', 'one_to_many', 'A product has stock records per warehouse.'],
  ['product', 'review', 'one_to_many', 'A product collects reviews.'],
  ['customer', 'booking', 'one_to_many', 'A customer makes many bookings.'],
  ['patient', 'appointment', 'one_to_many', 'A patient has many appointments.'],
  ['user', 'notification', 'one_to_many', 'A user receives many notifications.'],
  ['customer', 'notification', 'one_to_many', 'A customer receives many notifications.'],
  ['project', 'task', 'one_to_many', 'A project contains many tasks.'],
  ['user', 'subscription', 'one_to_many', 'A user holds subscriptions over time.'],
];

export function relationshipsAmong(entities: string[]): Array<{ from: string; to: string; kind: 'one_to_one' | 'one_to_many' | 'many_to_many'; description: string }> {
  const present = new Set(entities);
  const known = RELATIONSHIPS.filter(([from, to]) => present.has(from) && present.has(to))
    .map(([from, to, kind, description]) => ({ from, to, kind, description }));
  if (known.length > 0 || entities.length < 2) return known;
  const [root, ...rest] = entities as [string, ...string[]];
  return rest.slice(0, 4).map((to) => ({ from: root, to, kind: 'one_to_many' as const, description: `Assumed: a ${root} relates to many ${to} records (the material does not say).` }));
}
