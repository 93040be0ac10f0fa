import { createBrowserRouter } from 'react-router';
import { AppLayout } from './AppLayout';
import { AboutPage } from '../features/about/AboutPage';
import { SectionPlaceholder } from '../features/home/SectionPlaceholder';

export const router = createBrowserRouter([
  {
    path: '/',
    element: <AppLayout />,
    children: [
      { index: true, element: <SectionPlaceholder title="受理" /> },
      { path: 'intake', element: <SectionPlaceholder title="受理" /> },
      { path: 'cases', element: <SectionPlaceholder title="办件" /> },
      { path: 'residents', element: <SectionPlaceholder title="居民" /> },
      { path: 'exports', element: <SectionPlaceholder title="导出" /> },
      { path: 'admin', element: <SectionPlaceholder title="管理" /> },
      { path: 'about', element: <AboutPage /> },
      { path: '*', element: <SectionPlaceholder title="页面不存在" /> },
    ],
  },
]);
