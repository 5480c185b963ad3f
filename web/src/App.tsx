import { Navigate, Route, Routes, useParams } from 'react-router-dom';
import { Layout } from './components/Layout';
import { hasRole, homePath, REVIEWER_ROLES } from './lib/roles';
import { useSession } from './lib/session';
import { LoginPage } from './pages/auth/LoginPage';
import { RegisterPage } from './pages/auth/RegisterPage';
import { NotFoundPage, WelcomePage } from './pages/common/Pages';
import { SellerApplicationPage } from './pages/seller/SellerApplicationPage';
import { SellerHome } from './pages/seller/SellerHome';
import { OwnProfilePage } from './pages/seller/OwnProfilePage';
import { ReviewQueuePage } from './pages/compliance/ReviewQueuePage';
import { ApplicationReviewPage } from './pages/compliance/ApplicationReviewPage';
import { SellersListPage } from './pages/compliance/SellersListPage';
import { SellerProfilePage } from './pages/compliance/SellerProfilePage';
import { UsersPage } from './pages/admin/UsersPage';
import { ApiKeysPage } from './pages/admin/ApiKeysPage';
import { WebhooksPage } from './pages/admin/WebhooksPage';
import { WebhookDeliveriesPage } from './pages/admin/WebhookDeliveriesPage';
import { MyOrdersPage } from './pages/orders/MyOrdersPage';
import { OrderPage } from './pages/orders/OrderPage';
import { SellerOrdersPage } from './pages/seller/SellerOrdersPage';
import { StaffOrdersPage } from './pages/staff/StaffOrdersPage';
import { ReceivePage } from './pages/warehouse/ReceivePage';
import { QcPage } from './pages/warehouse/QcPage';
import { ParcelsPage } from './pages/warehouse/ParcelsPage';
import { ParcelPage } from './pages/warehouse/ParcelPage';
import { NewParcelPage } from './pages/warehouse/NewParcelPage';
import { STAFF_ROLES } from './lib/roles';
import { CasePage } from './pages/cases/CasePage';
import { BuyerCasesPage, SellerCasesPage, SupportQueuePage, WarehouseCasesPage } from './pages/cases/CaseListPages';
import { InspectPage } from './pages/warehouse/InspectPage';
import { OwnScorecardPage, StaffScorecardPage } from './pages/evaluation/ScorecardPage';
import { EvaluationDashboardPage } from './pages/evaluation/EvaluationDashboardPage';
import { RequireRole, RequireUser } from './lib/guards';
import { disputeRoutes } from './pages/disputes/routes';
import { enforcementRoutes } from './pages/enforcement/routes';
import { publicVisibilityRoutes, visibilityRoutes } from './pages/visibility/routes';
import { trainingRoutes } from './pages/training/routes';
import { publicTeamRoutes, teamRoutes } from './pages/team/routes';

function Home() {
  const { user } = useSession();
  return <Navigate to={user ? homePath(user) : '/login'} replace />;
}

/** Links in notifications and e-mails name a seller as /sellers/:id; send each reader to their own view of it. */
function SellerLink() {
  const { user } = useSession();
  const { sellerId = '' } = useParams();
  if (hasRole(user, ...REVIEWER_ROLES)) return <Navigate to={`/compliance/sellers/${encodeURIComponent(sellerId)}`} replace />;
  return <Navigate to="/seller/profile" replace />;
}

function ApplicationLink() {
  const { user } = useSession();
  const { sellerId = '' } = useParams();
  if (hasRole(user, ...REVIEWER_ROLES)) return <Navigate to={`/compliance/applications/${encodeURIComponent(sellerId)}`} replace />;
  return <Navigate to="/seller/application" replace />;
}

export function App() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route path="/register" element={<RegisterPage />} />
      {publicVisibilityRoutes}
      {publicTeamRoutes}
      <Route
        element={
          <RequireUser>
            <Layout />
          </RequireUser>
        }
      >
        <Route index element={<Home />} />
        <Route path="welcome" element={<WelcomePage />} />
        <Route path="seller" element={<RequireRole roles={['seller']}><SellerHome /></RequireRole>} />
        <Route path="seller/application" element={<RequireRole roles={['seller']}><SellerApplicationPage /></RequireRole>} />
        <Route path="seller/profile" element={<RequireRole roles={['seller']}><OwnProfilePage /></RequireRole>} />
        <Route path="compliance/queue" element={<RequireRole roles={REVIEWER_ROLES}><ReviewQueuePage /></RequireRole>} />
        <Route path="compliance/sellers" element={<RequireRole roles={REVIEWER_ROLES}><SellersListPage /></RequireRole>} />
        <Route path="compliance/evaluation" element={<RequireRole roles={REVIEWER_ROLES}><EvaluationDashboardPage /></RequireRole>} />
        <Route path="seller/scorecard" element={<RequireRole roles={['seller']}><OwnScorecardPage /></RequireRole>} />
        <Route path="compliance/sellers/:sellerId/scorecard" element={<RequireRole roles={REVIEWER_ROLES}><StaffScorecardPage /></RequireRole>} />
        <Route path="compliance/sellers/:sellerId" element={<RequireRole roles={REVIEWER_ROLES}><SellerProfilePage /></RequireRole>} />
        <Route path="compliance/applications/:sellerId" element={<RequireRole roles={REVIEWER_ROLES}><ApplicationReviewPage /></RequireRole>} />
        <Route path="admin/users" element={<RequireRole roles={['admin']}><UsersPage /></RequireRole>} />
        <Route path="admin/api-keys" element={<RequireRole roles={['admin']}><ApiKeysPage /></RequireRole>} />
        <Route path="admin/webhooks" element={<RequireRole roles={['admin']}><WebhooksPage /></RequireRole>} />
        <Route path="admin/webhooks/:webhookId" element={<RequireRole roles={['admin']}><WebhookDeliveriesPage /></RequireRole>} />
        <Route path="orders" element={<RequireRole roles={['buyer']}><MyOrdersPage /></RequireRole>} />
        <Route path="orders/:orderId" element={<OrderPage />} />
        <Route path="seller/orders" element={<RequireRole roles={['seller']}><SellerOrdersPage /></RequireRole>} />
        <Route path="staff/orders" element={<RequireRole roles={STAFF_ROLES}><StaffOrdersPage /></RequireRole>} />
        <Route path="warehouse/receive" element={<RequireRole roles={['qc_inspector']}><ReceivePage /></RequireRole>} />
        <Route path="warehouse/qc" element={<RequireRole roles={['qc_inspector']}><QcPage /></RequireRole>} />
        <Route path="warehouse/parcels" element={<RequireRole roles={['qc_inspector']}><ParcelsPage /></RequireRole>} />
        <Route path="warehouse/parcels/new" element={<RequireRole roles={['qc_inspector']}><NewParcelPage /></RequireRole>} />
        <Route path="warehouse/parcels/:parcelId" element={<RequireRole roles={STAFF_ROLES}><ParcelPage /></RequireRole>} />
        <Route path="warehouse/inspect/:orderId" element={<RequireRole roles={['qc_inspector']}><InspectPage /></RequireRole>} />
        <Route path="warehouse/cases" element={<RequireRole roles={['qc_inspector']}><WarehouseCasesPage /></RequireRole>} />
        <Route path="cases" element={<RequireRole roles={['buyer']}><BuyerCasesPage /></RequireRole>} />
        <Route path="cases/:caseId" element={<CasePage />} />
        <Route path="seller/cases" element={<RequireRole roles={['seller']}><SellerCasesPage /></RequireRole>} />
        <Route path="support/queue" element={<RequireRole roles={['support_agent', 'admin']}><SupportQueuePage /></RequireRole>} />
        {disputeRoutes}
        {enforcementRoutes}
        {visibilityRoutes}
        {trainingRoutes}
        {teamRoutes}
        <Route path="sellers/:sellerId" element={<SellerLink />} />
        <Route path="sellers/:sellerId/application" element={<ApplicationLink />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
