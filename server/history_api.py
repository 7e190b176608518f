"""HTTP routes of a board's version history (``server/history.py``): list, read one version,
name one, restore a whole board (facilitators) or one deleted item (editors)."""

from __future__ import annotations

from pydantic import BaseModel, Field
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from boards.restore import NotRestorable

from . import access, checkpoints
from .access import Action
from .api import board_for, body_of, hub_of
from .history import History
from .models import Board, Checkpoint, Workshop
from .problems import Problem


class NameIn(BaseModel):
    name: str = Field(min_length=1, max_length=120)


class ItemIn(BaseModel):
    root: str = Field(min_length=1, max_length=200)
    id: str = Field(min_length=1, max_length=200)


def history_of(request: Request) -> History:
    history = hub_of(request).history
    assert history is not None, "the version history starts with the app"
    return history


async def _checkpoint(request: Request, board: Board) -> Checkpoint:
    checkpoint_id = request.path_params["checkpoint_id"]
    found = await hub_of(request).db.read(lambda s: checkpoints.get(s, board.id, checkpoint_id))
    if found is None:
        raise Problem(404, "not_found", "no such checkpoint of this board")
    return found


async def _acting(request: Request, action: Action) -> tuple[str, Board, Workshop]:
    """A write to the board's history: the role, then the state (finished, locked)."""
    who, board, workshop = await board_for(request, action)
    access.check_board(who, board, workshop, action)
    return who.display_name, board, workshop


async def list_checkpoints(request: Request) -> Response:
    _, board, _ = await board_for(request, Action.read_board)
    rows = await hub_of(request).db.read(lambda s: checkpoints.of_board(s, board.id))
    return JSONResponse([checkpoints.view(c) for c in rows])


async def name_checkpoint(request: Request) -> Response:
    by, board, _ = await _acting(request, Action.name_checkpoint)
    data = await body_of(request, NameIn)
    taken = await history_of(request).take(board.id, "named", name=data.name.strip(), by=by)
    if taken is None:
        raise Problem(404, "not_found", "no such board")
    return JSONResponse(checkpoints.view(taken), status_code=201)


async def get_checkpoint(request: Request) -> Response:
    """The version's content document as one Yjs update, for a fresh ``Y.Doc``."""
    _, board, _ = await board_for(request, Action.read_board)
    found = await _checkpoint(request, board)
    return Response(
        checkpoints.unpack(found.state),
        media_type="application/octet-stream",
        headers={"Cache-Control": "private, max-age=3600"},
    )


async def deleted_items(request: Request) -> Response:
    _, board, _ = await board_for(request, Action.read_board)
    found = await _checkpoint(request, board)
    return JSONResponse(await history_of(request).deleted_items(board.id, found))


async def restore_board(request: Request) -> Response:
    by, board, _ = await _acting(request, Action.restore_board)
    found = await _checkpoint(request, board)
    return JSONResponse(await history_of(request).restore_board(board.id, found, by))


async def restore_item(request: Request) -> Response:
    _, board, _ = await _acting(request, Action.restore_item)
    found = await _checkpoint(request, board)
    data = await body_of(request, ItemIn)
    try:
        await history_of(request).restore_item(board, found, data.root, data.id)
    except NotRestorable as exc:
        status = 409 if exc.code == "not_deleted" else 404
        raise Problem(status, exc.code, str(exc)) from None
    return JSONResponse({"restored": {"root": data.root, "id": data.id}})


BASE = "/api/boards/{board_id}/checkpoints"
routes = [
    Route(BASE, list_checkpoints, methods=["GET"]),
    Route(BASE, name_checkpoint, methods=["POST"]),
    Route(BASE + "/{checkpoint_id}", get_checkpoint, methods=["GET"]),
    Route(BASE + "/{checkpoint_id}/deleted", deleted_items, methods=["GET"]),
    Route(BASE + "/{checkpoint_id}/restore", restore_board, methods=["POST"]),
    Route(BASE + "/{checkpoint_id}/restore-item", restore_item, methods=["POST"]),
]
