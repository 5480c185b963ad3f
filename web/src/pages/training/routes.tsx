import { Route } from 'react-router-dom';
import { RequireRole } from '../../lib/guards';
import { REVIEWER_ROLES } from '../../lib/roles';
import { SellerTrainingPage, TrainingModulePage } from './SellerTrainingPages';
import { StaffTrainingPage, TrainingEditorPage } from './StaffTrainingPages';

/** Seller training (modules, quizzes) and its staff pages; mounted inside the signed-in layout by App. */
export const trainingRoutes = (
  <>
    <Route path="seller/training" element={<RequireRole roles={['seller']}><SellerTrainingPage /></RequireRole>} />
    <Route path="seller/training/:slug" element={<RequireRole roles={['seller']}><TrainingModulePage /></RequireRole>} />
    {/* Compliance officers and admins write training (the API's editors). */}
    <Route path="compliance/training" element={<RequireRole roles={REVIEWER_ROLES}><StaffTrainingPage /></RequireRole>} />
    <Route path="compliance/training/:id" element={<RequireRole roles={REVIEWER_ROLES}><TrainingEditorPage /></RequireRole>} />
  </>
);
