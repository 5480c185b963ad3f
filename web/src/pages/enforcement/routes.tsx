import { Route } from 'react-router-dom';
import { RequireRole } from '../../lib/guards';
import { REVIEWER_ROLES } from '../../lib/roles';
import { AppealPage, AppealsQueuePage } from './AppealsPages';
import { AuditPage, AuditsPage } from './AuditsPages';
import { BulkPage } from './BulkPage';
import { MyEnforcementPage } from './MyEnforcementPage';
import { PolicyPage } from './PolicyPage';
import { SellerFilePage } from './SellerFilePage';
import { ViolationPage, ViolationQueuePage } from './ViolationsPages';

/** The enforcement pages, mounted inside the signed-in layout by App. */
export const enforcementRoutes = (
  <>
    <Route path="compliance/violations" element={<RequireRole roles={REVIEWER_ROLES}><ViolationQueuePage /></RequireRole>} />
    <Route path="compliance/violations/:violationId" element={<RequireRole roles={REVIEWER_ROLES}><ViolationPage /></RequireRole>} />
    {/* Support agents read a seller's file too (a banned seller's orders to re-source); only compliance acts on it. */}
    <Route path="compliance/sellers/:sellerId/enforcement" element={<RequireRole roles={[...REVIEWER_ROLES, 'support_agent']}><SellerFilePage /></RequireRole>} />
    <Route path="compliance/policy" element={<RequireRole roles={REVIEWER_ROLES}><PolicyPage /></RequireRole>} />
    <Route path="compliance/bulk" element={<RequireRole roles={REVIEWER_ROLES}><BulkPage /></RequireRole>} />
    <Route path="compliance/appeals" element={<RequireRole roles={REVIEWER_ROLES}><AppealsQueuePage /></RequireRole>} />
    <Route path="compliance/appeals/:appealId" element={<RequireRole roles={REVIEWER_ROLES}><AppealPage /></RequireRole>} />
    <Route path="compliance/audits" element={<RequireRole roles={REVIEWER_ROLES}><AuditsPage /></RequireRole>} />
    <Route path="compliance/audits/:auditId" element={<RequireRole roles={REVIEWER_ROLES}><AuditPage /></RequireRole>} />
    <Route path="seller/enforcement" element={<RequireRole roles={['seller']}><MyEnforcementPage /></RequireRole>} />
  </>
);
