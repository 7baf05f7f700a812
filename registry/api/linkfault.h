// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMetaType>

// What goes wrong on one directed replication link between two nodes of this process: every batch
// dropped, a share of them dropped, or each one held back (docs/faults.md). A dropped batch fails
// as a lost connection would, so the sender keeps it and tries again: healing lets the queue drain.
// A partition is both directions dropping everything.
struct LinkFault
{
    bool dropAll = false;
    double dropShare = 0;              // 0 … 1
    int latencyMs = 0;

    bool isNone() const { return !dropAll && dropShare <= 0 && latencyMs <= 0; }
    // Whether the next batch is lost (a share draws a random number).
    bool drops() const;
    friend bool operator==(const LinkFault &, const LinkFault &) = default;
};

Q_DECLARE_METATYPE(LinkFault)
