import { lazy, Suspense } from "react";
import { createBrowserRouter, Navigate, NavLink, Outlet, RouterProvider } from "react-router-dom";

// Each page is its own chunk: the viewer does not load CodeMirror, the list pages load neither canvas.
const MachineListPage = lazy(() => import("./designer/MachineListPage"));
const DesignerPage = lazy(() => import("./designer/DesignerPage"));
const ExecutionListPage = lazy(() => import("./viewer/ExecutionListPage"));
const ExecutionPage = lazy(() => import("./viewer/ExecutionPage"));
const MapRunPage = lazy(() => import("./viewer/MapRunPage"));

function Shell() {
  return (
    <div className="app">
      <header className="app-header">
        <a className="brand" href="/machines/">
          Stepcraft
        </a>
        <nav>
          <NavLink to="/machines/">State machines</NavLink>
          <NavLink to="/executions/" end>
            Executions
          </NavLink>
        </nav>
        <span className="spacer" />
        <a href="/api/docs/">API</a>
        <a href="/accounts/">Account</a>
      </header>
      <main className="app-main">
        <Suspense fallback={<div className="loading">Loading…</div>}>
          <Outlet />
        </Suspense>
      </main>
    </div>
  );
}

// A data router (not <BrowserRouter>) because only it offers useBlocker, which the designer needs to ask
// before Back/Forward or any in-app navigation drops unsaved changes. No loaders: pages fetch their own data.
const router = createBrowserRouter([
  {
    element: <Shell />,
    children: [
      { path: "/", element: <Navigate to="/machines/" replace /> },
      { path: "/machines/", element: <MachineListPage /> },
      { path: "/machines/:machineId/design", element: <DesignerPage /> },
      { path: "/machines/:machineId/executions", element: <ExecutionListPage /> },
      { path: "/executions/", element: <ExecutionListPage /> },
      { path: "/executions/:executionId", element: <ExecutionPage /> },
      { path: "/map-runs/:mapRunId", element: <MapRunPage /> },
      { path: "*", element: <div className="empty">Page not found.</div> },
    ],
  },
]);

export function App() {
  return <RouterProvider router={router} />;
}
