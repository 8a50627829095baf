"""Designer endpoints, under /api/."""
from django.urls import URLPattern, path

from designer import views

urlpatterns: list[URLPattern] = [
    path("state-machines/", views.StateMachineListCreate.as_view(), name="api-state-machines"),
    path("state-machines/import/", views.StateMachineImport.as_view(), name="api-state-machine-import"),
    path("state-machines/<uuid:machine_id>/", views.StateMachineDetail.as_view(), name="api-state-machine"),
    path("state-machines/<uuid:machine_id>/export/", views.StateMachineExport.as_view(),
         name="api-state-machine-export"),
    path("state-machines/<uuid:machine_id>/versions/", views.VersionListPublish.as_view(), name="api-versions"),
    path("state-machines/<uuid:machine_id>/versions/<int:number>/", views.VersionDetail.as_view(),
         name="api-version"),
    path("state-machines/<uuid:machine_id>/aliases/", views.AliasListCreate.as_view(), name="api-aliases"),
    path("state-machines/<uuid:machine_id>/aliases/<str:alias_name>/", views.AliasDetail.as_view(),
         name="api-alias"),
    path("state-machines/<uuid:machine_id>/shares/", views.ShareListCreate.as_view(), name="api-shares"),
    path("state-machines/<uuid:machine_id>/shares/<uuid:share_id>/", views.ShareDetail.as_view(), name="api-share"),
    path("validate/", views.ValidateDefinition.as_view(), name="api-validate"),
]
