"""Execution endpoints, under /api/."""
from django.urls import URLPattern, path

from executions import views

urlpatterns: list[URLPattern] = [
    path("state-machines/<uuid:machine_id>/executions/", views.MachineExecutionListStart.as_view(),
         name="api-machine-executions"),
    path("executions/", views.ExecutionList.as_view(), name="api-executions"),
    path("executions/<uuid:execution_id>/", views.ExecutionDetail.as_view(), name="api-execution"),
    path("executions/<uuid:execution_id>/stop/", views.ExecutionStop.as_view(), name="api-execution-stop"),
    path("executions/<uuid:execution_id>/redrive/", views.ExecutionRedrive.as_view(), name="api-execution-redrive"),
    path("executions/<uuid:execution_id>/state-machine/", views.ExecutionStateMachine.as_view(),
         name="api-execution-state-machine"),
    path("executions/<uuid:execution_id>/history/", views.ExecutionHistory.as_view(), name="api-execution-history"),
    path("executions/<uuid:execution_id>/states/", views.ExecutionStates.as_view(), name="api-execution-states"),
    path("executions/<uuid:execution_id>/invocations/", views.ExecutionInvocations.as_view(),
         name="api-execution-invocations"),
    path("executions/<uuid:execution_id>/map-runs/", views.ExecutionMapRuns.as_view(),
         name="api-execution-map-runs"),
    path("map-runs/<uuid:map_run_id>/", views.MapRunDetail.as_view(), name="api-map-run"),
    path("map-runs/<uuid:map_run_id>/executions/", views.MapRunExecutionList.as_view(),
         name="api-map-run-executions"),
    path("handlers/", views.HandlerList.as_view(), name="api-handlers"),
]
