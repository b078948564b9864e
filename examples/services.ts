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
