"""Devices (anonymous ids): personal browsers, app installs, shared computers and bot clients."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import catalog as cat
from .util import bernoulli, categorical, expand, IntArray, BoolArray

#: Distribution of the number of personal web browsers/devices per human.
WEB_DEVICE_COUNT_WEIGHTS = (0.55, 0.30, 0.12, 0.03)
#: Probability that an account holder also installs the mobile app.
P_APP_INSTALL = 0.35
#: Probability that a person's primary device is a desktop computer.
P_PRIMARY_DESKTOP = 0.80
#: Share of all devices that are shared by 2-3 account holders (family/office computer).
SHARED_DEVICE_SHARE = 0.02
#: Anonymous ids per bot.
BOT_DEVICE_COUNT_WEIGHTS = (0.5, 0.3, 0.2)


@dataclass
class Devices:
    """One row per anonymous id. Personal devices of person ``p`` are contiguous."""

    n: int
    owner: IntArray          # person, or -1 for shared devices
    profile: IntArray        # index into catalog.ALL_PROFILES
    ua: IntArray             # index into the flat user-agent pool (see :func:`ua_pool`)
    is_shared: BoolArray
    start: IntArray          # per person: first personal device
    web_count: IntArray      # per person: number of personal web devices (first = primary)
    app_device: IntArray     # per person: app-install device or -1
    shared_device: IntArray  # per shared membership row: device
    shared_person: IntArray  # per shared membership row: person


def ua_pool() -> tuple[list[str], list[int]]:
    """Flat list of all user agents, and the pool offset of each profile's first agent."""
    pool: list[str] = []
    offsets: list[int] = []
    for prof in cat.ALL_PROFILES:
        offsets.append(len(pool))
        pool.extend(prof.user_agents)
    return pool, offsets


def make_devices(rng: np.random.Generator, is_bot: BoolArray, has_account: BoolArray) -> Devices:
    """Draw personal devices, app installs, bot clients and shared computers."""
    n_people = len(is_bot)
    web_count = categorical(rng, n_people, WEB_DEVICE_COUNT_WEIGHTS) + 1
    bot_count = categorical(rng, n_people, BOT_DEVICE_COUNT_WEIGHTS) + 1
    web_count = np.where(is_bot, bot_count, web_count).astype(np.int64)
    has_app = has_account & ~is_bot & bernoulli(rng, P_APP_INSTALL, n_people)
    # an app install replaces the last browser when a person already has 3+ devices
    web_count = np.where(has_app & (web_count >= 3), web_count - 1, web_count)
    count = web_count + has_app
    start = np.cumsum(count) - count
    n_personal = int(count.sum())

    owner = expand(count)
    rank = np.arange(n_personal) - start[owner]
    is_app = rank >= web_count[owner]

    web_w = np.array([p.weight for p in cat.WEB_PROFILES])
    desktop = np.array([p.device_type == "desktop" for p in cat.WEB_PROFILES])
    any_profile = categorical(rng, n_personal, web_w)
    desktop_profile = categorical(rng, n_personal, np.where(desktop, web_w, 0.0))
    primary_desktop = bernoulli(rng, P_PRIMARY_DESKTOP, n_personal)
    profile = np.where((rank == 0) & primary_desktop, desktop_profile, any_profile)
    app_profile = cat.APP_PROFILE_OFFSET + categorical(rng, n_personal, [p.weight for p in cat.APP_PROFILES])
    profile = np.where(is_app, app_profile, profile)
    bot_kind = cat.BOT_PROFILE_OFFSET + categorical(rng, n_people, [p.weight for p in cat.BOT_PROFILES])
    profile = np.where(is_bot[owner], bot_kind[owner], profile)

    # shared computers: groups of 2-3 account holders
    holders = np.flatnonzero(has_account & ~is_bot)
    n_shared = int(round(SHARED_DEVICE_SHARE * n_personal / (1 - SHARED_DEVICE_SHARE)))
    sizes = rng.choice([2, 3], size=n_shared, p=[0.75, 0.25])
    keep = np.cumsum(sizes) <= len(holders)
    sizes = sizes[keep]
    n_shared = len(sizes)
    members = rng.permutation(holders)[: int(sizes.sum())]
    shared_device = n_personal + expand(sizes)
    shared_profile = categorical(rng, n_shared, np.where(desktop, web_w, 0.0))

    owner_all = np.concatenate([owner, np.full(n_shared, -1)])
    profile_all = np.concatenate([profile, shared_profile]).astype(np.int32)
    _, offsets = ua_pool()
    n_agents = np.array([len(p.user_agents) for p in cat.ALL_PROFILES])
    ua = np.array(offsets)[profile_all] + rng.integers(0, 1 << 30, len(profile_all)) % n_agents[profile_all]
    app_device = np.where(has_app, start + count - 1, -1)
    return Devices(
        n=len(owner_all), owner=owner_all.astype(np.int64), profile=profile_all, ua=ua.astype(np.int32),
        is_shared=owner_all < 0, start=start.astype(np.int64), web_count=web_count.astype(np.int64),
        app_device=app_device.astype(np.int64), shared_device=shared_device.astype(np.int64),
        shared_person=members.astype(np.int64),
    )


def random_web_device(rng: np.random.Generator, dev: Devices, person: IntArray, p_primary: float = 0.6) -> IntArray:
    """A personal web device of each given person (the primary one with probability ``p_primary``)."""
    k = rng.integers(0, 1 << 30, len(person)) % dev.web_count[person]
    k = np.where(bernoulli(rng, p_primary, len(person)), 0, k)
    return dev.start[person] + k
