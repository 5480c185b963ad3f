import { Route } from 'react-router-dom';
import { PublicFrame } from '../../components/visibility/PublicFrame';
import { RequireRole } from '../../lib/guards';
import { REVIEWER_ROLES } from '../../lib/roles';
import { ModerationPage } from './ModerationPage';
import { SearchPage, StaffSearchPage } from './SearchPage';
import { SellerReviewsPage } from './SellerReviewsPage';
import { ShopPage } from './ShopPage';
import { TrustedSellersPage } from './TrustedSellersPage';

/** Search, the trusted-seller list, public shop profiles and reviews; mounted by App. */

/** Pages anyone may open without signing in; a signed-in reader sees them inside the console. */
export const publicVisibilityRoutes = (
  <Route element={<PublicFrame />}>
    <Route path="trusted-sellers" element={<TrustedSellersPage />} />
    <Route path="shops/:sellerId" element={<ShopPage />} />
  </Route>
);

/** Pages inside the signed-in layout. */
export const visibilityRoutes = (
  <>
    <Route path="search" element={<SearchPage />} />
    <Route path="compliance/search" element={<RequireRole roles={REVIEWER_ROLES}><StaffSearchPage /></RequireRole>} />
    <Route path="seller/reviews" element={<RequireRole roles={['seller']}><SellerReviewsPage /></RequireRole>} />
    {/* Support agents moderate reviews too (the API's moderators). */}
    <Route path="compliance/reviews" element={<RequireRole roles={['support_agent', ...REVIEWER_ROLES]}><ModerationPage /></RequireRole>} />
  </>
);
