"""The workspace settings in `cjm.yaml`: the channel catalog, rule levels, limits.

They are not part of a map's format (that is `cjm.model`): one `cjm.yaml` holds them
for every map and persona of a workspace.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, model_validator

from cjm.load import Source
from cjm.model import (
    REVIEW_EVERY_HINT,
    REVIEW_EVERY_PATTERN,
    Hint,
    Id,
    IdList,
    StrictModel,
    TextList,
    WholeNumber,
    empty_dict,
    empty_list,
)
from cjm.problems import FileRule, Problem


class Channel(StrictModel):
    """A channel of the catalog: where a touchpoint happens."""

    id: Id = Field(description="The id steps use in `channel:`.")
    label: str = Field(description="The name shown in rendered maps.")
    color: Annotated[str, Hint(wrong='"{field}" is {value}; use a hex colour like #88CCEE')] = (
        Field("#BBBBBB", pattern=r"^#[0-9A-Fa-f]{6}$",
              description="A colour for rendering, as #RRGGBB. Left out: a built-in "
                          "channel's own colour, else the next of a colour-blind-safe set."))


# The colours of channels added without one, in the order they are added: Paul Tol's
# "bright" and "vibrant" schemes (colour-blind-safe) without their greys, which the
# drawings keep for low severity and dropped opportunities.
ADDED_CHANNEL_COLORS = ("#4477AA", "#EE6677", "#228833", "#CCBB44", "#66CCEE", "#AA3377",
                        "#0077BB", "#33BBEE", "#009988", "#EE7733", "#CC3311", "#EE3377")


RuleLevel = Literal["error", "warning", "off"]


def _off_is_not_false(value: Any) -> Any:
    """YAML 1.1 reads an unquoted `off` as false; in a rule level it can only mean off."""
    return "off" if value is False else value


class ChannelSettings(StrictModel):
    """How the workspace changes the built-in channel catalog."""

    add: list[Channel] = Field(
        default_factory=empty_list,
        description="Channels to add (or built-ins to relabel/recolour)."
    )
    only: IdList | None = Field(
        None, description="If set, only these channels (built-in or added) may be used."
    )

    @model_validator(mode="before")
    @classmethod
    def _colour_added_channels(cls, data: Any) -> Any:
        """A channel added without a colour: a built-in's own, else the next of the set."""
        if not isinstance(data, dict) or not isinstance(data.get("add"), list):
            return data
        builtin = {channel.id: channel.color for channel in BUILTIN_CHANNELS}
        added = []
        next_colour = 0
        for item in data["add"]:
            if isinstance(item, dict) and "color" not in item:
                colour = builtin.get(item.get("id"))  # type: ignore[arg-type]
                if colour is None:
                    colour = ADDED_CHANNEL_COLORS[next_colour % len(ADDED_CHANNEL_COLORS)]
                    next_colour += 1
                item = {**item, "color": colour}
            added.append(item)
        return {**data, "add": added}


class Workspace(StrictModel):
    """The workspace settings file `cjm.yaml`."""

    cjm: Literal[1] = Field(description="The cjm format version: 1.")
    kind: Literal["workspace"] = Field("workspace", description="workspace")
    review_every: Annotated[str, REVIEW_EVERY_HINT] = Field(
        "quarterly",
        pattern=REVIEW_EVERY_PATTERN,
        description="Default review cadence of maps that do not set one.",
    )
    maps: TextList = Field(
        default_factory=lambda: ["."],
        description="Folders (relative to cjm.yaml) that hold maps; `cjm validate` walks them.",
    )
    personas: TextList = Field(
        default_factory=lambda: ["."],
        description="Folders (relative to cjm.yaml) that hold persona files.",
    )
    channels: ChannelSettings = Field(
        default_factory=ChannelSettings, description="Changes to the channel catalog."
    )
    rules: dict[str, Annotated[RuleLevel, BeforeValidator(_off_is_not_false)]] = Field(
        default_factory=empty_dict, description="Rule id → error, warning or off."
    )
    max_file_size: WholeNumber = Field(
        16_000_000, gt=0, description="Files larger than this many bytes are refused."
    )


# model_construct: these are known to be valid, and validating them would build the
# Channel validator at import, which a run that never reads a cjm.yaml does not need.
BUILTIN_CHANNELS: tuple[Channel, ...] = tuple(
    Channel.model_construct(id=cid, label=label, color=color)
    for cid, label, color in [
        # Paul Tol's "muted" and "light" palettes: distinguishable with colour blindness.
        ("web", "Web", "#88CCEE"),
        ("mobile-app", "Mobile app", "#44AA99"),
        ("email", "Email", "#DDCC77"),
        ("sms", "SMS", "#EEDD88"),
        ("social", "Social", "#CC6677"),
        ("ads", "Ads", "#EE8866"),
        ("search", "Search", "#77AADD"),
        ("store", "Store", "#117733"),
        ("phone", "Phone", "#882255"),
        ("chat", "Chat", "#AA4499"),
        ("sales-rep", "Sales rep", "#332288"),
        ("event", "Event", "#999933"),
        ("partner", "Partner", "#AAAA00"),
        ("mail", "Mail", "#BBCC33"),
        ("support", "Support", "#FFAABB"),
        ("in-product", "In product", "#99DDFF"),
    ]
)


def channel_catalog(workspace: Workspace | None) -> dict[str, Channel]:
    """The channels maps of this workspace may use, by id."""
    catalog = every_channel(workspace)
    if workspace is not None and workspace.channels.only is not None:
        catalog = {cid: c for cid, c in catalog.items() if cid in workspace.channels.only}
    return catalog


def every_channel(workspace: Workspace | None) -> dict[str, Channel]:
    """The built-in channels and the added ones, by id, whatever `only` leaves out."""
    catalog = {channel.id: channel for channel in BUILTIN_CHANNELS}
    for channel in workspace.channels.add if workspace is not None else []:
        catalog[channel.id] = channel
    return catalog


def check_channel_settings(workspace: Workspace, source: Source) -> list[Problem]:
    """An id in `channels.only` that is no channel: reported at the id, and left out of
    `only` alone, so the added channels and the rest of `only` still apply."""
    only = workspace.channels.only or []
    known = every_channel(workspace)
    listed = isinstance(source.data.get("channels"), dict) and isinstance(
        source.data["channels"].get("only"), list)
    return [source.problem(("channels", "only", index) if listed
                           else ("channels", "only"), FileRule.unknown_reference,
                           f'channels.only names "{cid}", which is neither a built-in channel '
                           "nor one added under channels.add; add it there, or remove it "
                           "from only")
            for index, cid in enumerate(only) if cid not in known]
