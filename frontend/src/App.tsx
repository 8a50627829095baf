import { lazy, Suspense } from "react";
import { BrowserRouter, Navigate, NavLink, Route, Routes } from "react-router-dom";

// Each page is its own chunk: the viewer does not load CodeMirror, the list pages load neither canvas.
const MachineListPage = lazy(() => import("./designer/MachineListPage"));
const DesignerPage = lazy(() => import("./designer/DesignerPage"));
const ExecutionListPage = lazy(() => import("./viewer/ExecutionListPage"));
const ExecutionPage = lazy(() => import("./viewer/ExecutionPage"));

export function App() {
  return (
    <BrowserRouter>
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
            <Routes>
              <Route path="/" element={<Navigate to="/machines/" replace />} />
              <Route path="/machines/" element={<MachineListPage />} />
              <Route path="/machines/:machineId/design" element={<DesignerPage />} />
              <Route path="/machines/:machineId/executions" element={<ExecutionListPage />} />
              <Route path="/executions/" element={<ExecutionListPage />} />
              <Route path="/executions/:executionId" element={<ExecutionPage />} />
              <Route path="*" element={<div className="empty">Page not found.</div>} />
            </Routes>
          </Suspense>
        </main>
      </div>
    </BrowserRouter>
  );
}
