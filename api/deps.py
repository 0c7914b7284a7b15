"""Dependencies shared by the routes: settings and the loaded model."""

from typing import Annotated

from fastapi import Depends, Request

from triage.artifact import LoadedModel
from triage.settings import Settings


def get_model(request: Request) -> LoadedModel:
    return request.app.state.model


def get_app_settings(request: Request) -> Settings:
    return request.app.state.settings


ModelDep = Annotated[LoadedModel, Depends(get_model)]
SettingsDep = Annotated[Settings, Depends(get_app_settings)]
