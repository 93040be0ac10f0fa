import { createBrowserRouter } from 'react-router';
import { AuthGate } from './AppLayout';
import { NotFoundPage } from './NotFoundPage';
import { AboutPage } from '../features/about/AboutPage';
import { AdminPage } from '../features/admin/AdminPage';
import { ExportsPage } from '../features/exports/ExportsPage';
import { PaymentsPage } from '../features/payments/PaymentsPage';
import { OverviewPage } from '../features/overview/OverviewPage';
import { DecisionsPage } from '../features/decisions/DecisionsPage';
import { DecisionReportPage } from '../features/documents/DecisionReportPage';
import { ReviewsPage } from '../features/beneficiaries/ReviewsPage';
import { BeneficiariesPage } from '../features/beneficiaries/BeneficiariesPage';
import { BeneficiaryPage } from '../features/beneficiaries/BeneficiaryPage';
import { CasePage } from '../features/cases/CasePage';
import { CasesPage } from '../features/cases/CasesPage';
import { PrintPage } from '../features/documents/PrintPage';
import { StopNoticePage } from '../features/documents/StopNoticePage';
import { HomeRedirect } from '../features/intake/HomeRedirect';
import { IntakePage } from '../features/intake/IntakePage';
import { KioskPage } from '../features/kiosk/KioskPage';
import { RatePage } from '../features/ratings/RatePage';
import { RegisterResidentPage } from '../features/residents/RegisterResidentPage';
import { ResidentProfilePage } from '../features/residents/ResidentProfilePage';
import { ResidentsPage } from '../features/residents/ResidentsPage';

export const router = createBrowserRouter([
  // Printed documents stand outside the app shell (no navigation, no idle lock): A4 pages only.
  { path: '/print/:doc/:caseId', element: <PrintPage /> },
  // the 停发通知书 belongs to a resident, not to a case
  { path: '/print/stop-notice/:residentId', element: <StopNoticePage /> },
  // the report of a district decision import (导入区级决定)
  { path: '/print/decision-import/:importId', element: <DecisionReportPage /> },
  // The self-service lookup needs no sign-in (a paired kiosk shows it whatever its address: main.tsx).
  { path: '/kiosk', element: <KioskPage /> },
  // 评价屏: the screen facing the resident at a window; no sign-in, no staff session (ratings/RatePage.tsx).
  { path: '/rate', element: <RatePage /> },
  {
    path: '/',
    element: <AuthGate />,
    children: [
      { index: true, element: <HomeRedirect /> },
      { path: 'intake', element: <IntakePage /> },
      { path: 'cases', element: <CasesPage /> },
      { path: 'cases/:id', element: <CasePage /> },
      { path: 'residents', element: <ResidentsPage /> },
      { path: 'residents/new', element: <RegisterResidentPage /> },
      { path: 'residents/:id', element: <ResidentProfilePage /> },
      { path: 'overview', element: <OverviewPage /> },
      { path: 'beneficiaries', element: <BeneficiariesPage /> },
      { path: 'beneficiaries/:id', element: <BeneficiaryPage /> },
      { path: 'reviews', element: <ReviewsPage /> },
      { path: 'exports', element: <ExportsPage /> },
      { path: 'payments', element: <PaymentsPage /> },
      { path: 'decisions', element: <DecisionsPage /> },
      { path: 'admin', element: <AdminPage /> },
      { path: 'about', element: <AboutPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
