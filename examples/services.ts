/** The Online Boutique demo's Services, all ClusterIP Services in `default`. */
export const ONLINE_BOUTIQUE = [
  'adservice',
  'cartservice',
  'checkoutservice',
  'currencyservice',
  'emailservice',
  'paymentservice',
  'productcatalogservice',
  'recommendationservice',
  'redis-cart',
  'shippingservice',
].map((name) => ({ namespace: 'default', name }));

/** The Online Boutique Deployments that serve HTTP or gRPC, each named like its Service. */
export const ONLINE_BOUTIQUE_WORKLOADS = ['frontend', 'cartservice', 'checkoutservice', 'productcatalogservice'].map((name) => ({
  kind: 'Deployment' as const,
  namespace: 'default',
  name,
}));
