import { createBrowserRouter } from 'react-router';
import { AuthGate } from './AppLayout';
import { AboutPage } from '../features/about/AboutPage';
import { AdminPage } from '../features/admin/AdminPage';
import { SectionPlaceholder } from '../features/home/SectionPlaceholder';
import { RegisterResidentPage } from '../features/residents/RegisterResidentPage';
import { ResidentProfilePage } from '../features/residents/ResidentProfilePage';
import { ResidentsPage } from '../features/residents/ResidentsPage';

export const router = createBrowserRouter([
  {
    path: '/',
    element: <AuthGate />,
    children: [
      { index: true, element: <SectionPlaceholder title="受理" /> },
      { path: 'intake', element: <SectionPlaceholder title="受理" /> },
      { path: 'cases', element: <SectionPlaceholder title="办件" /> },
      { path: 'residents', element: <ResidentsPage /> },
      { path: 'residents/new', element: <RegisterResidentPage /> },
      { path: 'residents/:id', element: <ResidentProfilePage /> },
      { path: 'exports', element: <SectionPlaceholder title="导出" /> },
      { path: 'admin', element: <AdminPage /> },
      { path: 'about', element: <AboutPage /> },
      { path: '*', element: <SectionPlaceholder title="页面不存在" /> },
    ],
  },
]);
