// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "model/checkspec.h"

#include <QList>
#include <QMetaType>
#include <QString>

// One run of a health check.
struct CheckResult
{
    qint64 timestamp = 0;              // when it finished, ms since the epoch
    bool passed = false;
    int elapsedMs = 0;
    QString detail;                    // "HTTP 200", "connection refused", "timed out after 2000 ms"

    friend bool operator==(const CheckResult &, const CheckResult &) = default;
};

// What the node knows of one instance's check: its verdict, the streaks that lead to the next one,
// and the recent results, newest last.
struct CheckState
{
    enum class Verdict
    {
        Pending,                       // not run yet
        Passing,
        Failing,
    };
    static constexpr qsizetype historySize = 20;

    QString app;
    QString instanceId;
    CheckSpec spec;
    Verdict verdict = Verdict::Pending;
    int consecutiveFailures = 0;
    int consecutiveSuccesses = 0;
    qint64 failingSinceMs = 0;         // the first failure of the current run of failures; 0 when passing
    QList<CheckResult> history;

    std::optional<CheckResult> lastResult() const
    {
        return history.isEmpty() ? std::nullopt : std::optional(history.last());
    }
    friend bool operator==(const CheckState &, const CheckState &) = default;
};

QString verdictName(CheckState::Verdict verdict);

Q_DECLARE_METATYPE(CheckResult)
Q_DECLARE_METATYPE(CheckState)
