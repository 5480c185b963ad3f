import { Navigate } from 'react-router-dom';
import { currentMembership } from '../../lib/sellers';
import { useUser } from '../../lib/session';

/** A seller's start page: the verification until the shop may sell, then the orders to dispatch. */
export function SellerHome() {
  const membership = currentMembership(useUser());
  const selling = membership && membership.status !== 'pending_verification';
  return <Navigate to={selling ? '/seller/orders' : '/seller/application'} replace />;
}
