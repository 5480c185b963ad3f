import { Route } from 'react-router-dom';
import { RequireRole } from '../../lib/guards';
import { AcceptInvitationPage } from './AcceptInvitationPage';
import { TeamPage } from './TeamPage';

/** The seller owner's team page; mounted inside the signed-in layout by App. */
export const teamRoutes = (
  <>
    <Route path="seller/team" element={<RequireRole roles={['seller']}><TeamPage /></RequireRole>} />
  </>
);

/** The page an invitation e-mail links to, open without signing in. */
export const publicTeamRoutes = (
  <>
    <Route path="/invite/:token" element={<AcceptInvitationPage />} />
  </>
);
