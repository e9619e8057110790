"""Parquet writing helpers (pyarrow, chunked) and the raw-table column order of the contract."""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

CHUNK_ROWS = 1 << 20
COMPRESSION = "zstd"

#: Column order of every landing table (docs/raw_data_contract.md).
CONTRACT_COLUMNS: dict[str, tuple[str, ...]] = {
    "events": ("event_id", "event_name", "event_at", "loaded_at", "anonymous_id", "user_id", "email", "platform",
               "page_url", "referrer_url", "utm_source", "utm_medium", "utm_campaign", "utm_content", "utm_term",
               "click_id", "click_id_type", "device_type", "browser", "os", "country", "user_agent", "properties"),
    "ad_spend": ("spend_date", "ad_platform", "campaign_id", "campaign_name", "utm_source", "utm_medium",
                 "utm_campaign", "impressions", "clicks", "spend", "currency", "loaded_at"),
    "email_events": ("email_event_id", "event_type", "event_at", "email", "campaign_id", "campaign_name", "link_url",
                     "loaded_at"),
    "crm_leads": ("lead_id", "email", "first_name", "last_name", "company", "lead_source", "lead_score", "status",
                  "created_at", "loaded_at"),
    "crm_opportunities": ("opportunity_id", "lead_id", "email", "stage", "amount", "currency", "is_won",
                          "created_at", "closed_at", "loaded_at"),
    "crm_activities": ("activity_id", "lead_id", "opportunity_id", "activity_type", "activity_at", "notes",
                       "loaded_at"),
    "orders": ("order_id", "user_id", "email", "ordered_at", "status", "order_type", "amount", "currency",
               "payment_method", "plan", "failure_reason", "refunded_at", "loaded_at"),
    "subscriptions": ("subscription_event_id", "subscription_id", "user_id", "email", "event_type", "event_at",
                      "plan", "mrr", "currency", "loaded_at"),
    "support_tickets": ("ticket_id", "user_id", "email", "created_at", "channel", "subject", "body", "status",
                        "loaded_at"),
    "survey_responses": ("response_id", "user_id", "email", "responded_at", "survey_type", "score", "comment",
                         "ticket_id", "loaded_at"),
}


def ms_to_timestamp(ms: np.ndarray) -> pa.Array:
    """Epoch milliseconds -> Arrow timestamp (UTC wall time, no zone attached)."""
    return pa.array(np.asarray(ms, np.int64).astype("datetime64[ms]"), pa.timestamp("ms"))


def money(values: np.ndarray) -> pa.Array:
    """Amounts as decimal(12, 2) (rounded to cents)."""
    return pa.array(np.round(np.asarray(values, np.float64), 2)).cast(pa.decimal128(12, 2))


def write_table(table: pa.Table, path: Path) -> int:
    """Write a (small) table in one go."""
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, path, compression=COMPRESSION, row_group_size=CHUNK_ROWS, store_schema=False)
    return table.num_rows


class DictPool:
    """A small string pool written as dictionary-encoded columns (strings are not copied per row).

    The dictionary is made unique first: pyarrow's Parquet writer needs unique, non-null dictionary values
    for byte-identical, deterministic output.
    """

    def __init__(self, pool: pa.Array) -> None:
        encoded = pc.dictionary_encode(pool.fill_null("") if pool.null_count else pool)
        self.dictionary = encoded.dictionary
        self.remap = np.asarray(encoded.indices.to_numpy(zero_copy_only=False), dtype=np.int32)
        self.is_null = np.asarray(pool.is_null().to_numpy(zero_copy_only=False), dtype=bool)

    def column(self, idx: np.ndarray) -> pa.DictionaryArray:
        """``pool[idx]``; null where ``idx < 0`` or the pool entry is null."""
        idx = np.asarray(idx)
        safe = np.maximum(idx, 0)
        mask = (idx < 0) | self.is_null[safe]
        indices = pa.array(np.where(mask, 0, self.remap[safe]).astype(np.int32), pa.int32(),
                           mask=mask if mask.any() else None)
        return pa.DictionaryArray.from_arrays(indices, self.dictionary)


class ChunkedWriter:
    """Writes a large table chunk by chunk; encoding/compression runs in a background thread
    while the caller prepares the next chunk (pyarrow releases the GIL)."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.writer: pq.ParquetWriter | None = None
        self.rows = 0
        self._pool = ThreadPoolExecutor(max_workers=1)
        self._pending: Future[None] | None = None

    def _write(self, table: pa.Table) -> None:
        if self.writer is None:
            self.writer = pq.ParquetWriter(self.path, table.schema, compression=COMPRESSION, store_schema=False)
        self.writer.write_table(table, row_group_size=CHUNK_ROWS)

    def write(self, table: pa.Table) -> None:
        """Append one chunk (waits for the previous chunk, so at most two chunks are in memory)."""
        if self._pending is not None:
            self._pending.result()
        self._pending = self._pool.submit(self._write, table)
        self.rows += table.num_rows

    def close(self) -> int:
        """Finish the file; returns the number of rows written."""
        if self._pending is not None:
            self._pending.result()
        self._pool.shutdown()
        if self.writer is not None:
            self.writer.close()
        return self.rows
