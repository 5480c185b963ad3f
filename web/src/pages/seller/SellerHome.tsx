import { Navigate } from 'react-router-dom';

/** A seller's start page is their verification: the application until verified, then its status. */
export function SellerHome() {
  return <Navigate to="/seller/application" replace />;
}
