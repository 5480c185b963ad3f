import { Route } from 'react-router-dom';
import { RequireRole } from '../../lib/guards';
import { DisputePage } from './DisputePage';
import { MediationQueuePage, MyDisputesPage } from './MediationQueuePage';
import { OpenDisputePage } from './OpenDisputePage';

/** The disputes pages, mounted inside the signed-in layout by App. A dispute's page decides per reader (the API's 404s). */
export const disputeRoutes = (
  <>
    <Route path="orders/:orderId/dispute" element={<RequireRole roles={['buyer']}><OpenDisputePage /></RequireRole>} />
    <Route path="disputes" element={<RequireRole roles={['buyer', 'seller']}><MyDisputesPage /></RequireRole>} />
    <Route path="disputes/:disputeId" element={<DisputePage />} />
    <Route path="support/mediation" element={<RequireRole roles={['support_agent', 'admin']}><MediationQueuePage /></RequireRole>} />
  </>
);
