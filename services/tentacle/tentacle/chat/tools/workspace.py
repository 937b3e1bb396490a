"""workspace_query: the person's tasks and the organisation's workspace objects."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from tentacle.chat.tools.base import ChatTool, ToolArguments, ToolContext, ToolError
from tentacle.chat.tools.registry import register_tool
from tentacle.tasks import service as tasks
from tentacle.workspace import service as workspace
from tentacle.workspace.schemas import WorkspaceObjectRead


class WorkspaceArguments(ToolArguments):
    target: Literal["tasks", "objects", "search"] = Field(
        description="tasks: the person's tasks; objects: a filtered query of workspace objects; "
        "search: full-text search over workspace objects."
    )
    type: str | None = Field(default=None, description="Object type (event, contact, note...).")
    where: dict[str, Any] = Field(
        default_factory=dict,
        description="Mongo-style filter on data fields ($eq $ne $gt $gte $lt $lte $in $nin "
        "$exists $regex $contains $and $or $not, dotted paths).",
    )
    tags: list[str] = Field(default_factory=list, description="Objects carrying all these tags.")
    order_by: str = Field(default="-created_at", description="Field to order by; '-' descends.")
    q: str | None = Field(default=None, max_length=500, description="Search text (search).")
    status: str | None = Field(default=None, description="Task status filter (tasks).")
    limit: int = Field(default=20, ge=1, le=100)


def _object(item: Any) -> dict[str, Any]:
    read = WorkspaceObjectRead.model_validate(item)
    return read.model_dump(
        mode="json", include={"id", "type", "data", "tags", "created_at", "updated_at"}
    )


@register_tool
class WorkspaceQueryTool(ChatTool):
    name = "workspace_query"
    description = (
        "Read data: the person's tasks (by status), or workspace objects (events, contacts, "
        "notes, projects, custom types) with a filter or a full-text search."
    )
    Arguments = WorkspaceArguments

    async def run(self, ctx: ToolContext, arguments: Any) -> dict[str, Any]:
        args: WorkspaceArguments = arguments
        if args.target != "tasks" and not ctx.principal.has_scope("workspace:read"):
            raise ToolError("this credential may not read the workspace (workspace:read)")
        more = False
        async with ctx.session() as session:
            if args.target == "tasks":
                rows = await tasks.list_tasks(
                    session,
                    ctx.principal,
                    status=args.status,
                    conversation_id=None,
                    limit=args.limit,
                )
                items: list[dict[str, Any]] = [
                    {
                        "task_id": str(task.id),
                        "goal": task.goal,
                        "status": task.status,
                        "created_at": task.created_at.isoformat(),
                    }
                    for task in rows
                ]
            elif args.target == "objects":
                objects, cursor = await workspace.query_objects(
                    session,
                    ctx.organization_id,
                    type_=args.type,
                    where=args.where,
                    tags=args.tags,
                    order_by=args.order_by,
                    limit=args.limit,
                    cursor=None,
                )
                items = [_object(obj) for obj in objects]
                more = cursor is not None
            else:
                if not args.q:
                    raise ToolError("a search needs the text to look for in 'q'")
                hits = await workspace.search_objects(
                    session,
                    ctx.organization_id,
                    q=args.q,
                    type_=args.type,
                    tags=args.tags,
                    limit=args.limit,
                )
                items = [{**_object(obj), "rank": round(rank, 4)} for obj, rank in hits]
        noun = "tasks" if args.target == "tasks" else "objects"
        return {
            "items": items,
            "count": len(items),
            "more": more,
            "summary": f"{len(items)} {noun} found" + (" (more exist)" if more else ""),
        }
