// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "gateway/routingview.h"

#include <QHash>
#include <QSet>
#include <QString>

#include <optional>

// Passive health: failures in a row per address; after ejectAfterFailures of them (a refused
// connection counts as all of them) the address gets no traffic for ejectForMs, then one more try.
class PassiveHealth
{
public:
    PassiveHealth(int ejectAfterFailures, int ejectForMs);

    void recordSuccess(const QString &address);
    // True when this failure ejects the address.
    bool recordFailure(const QString &address, qint64 nowMs, bool refused);
    bool isEjected(const QString &address, qint64 nowMs) const;
    qint64 ejectedUntil(const QString &address, qint64 nowMs) const;
    // Takes the ejections another PassiveHealth reports (the node mirrors its gateway's).
    void setEjectedUntil(const QString &address, qint64 untilMs);

private:
    struct Record
    {
        int failuresInRow = 0;
        qint64 ejectedUntilMs = 0;
    };
    QHash<QString, Record> m_records;
    int m_ejectAfterFailures;
    int m_ejectForMs;
};

// The gateway's choice of instance: smooth weighted round-robin (as nginx does it) over the UP
// instances that are not ejected, narrowed to the gateway's zone when some of them are in it.
class InstanceChooser
{
public:
    enum class Outcome
    {
        Chosen,
        NoneUp,                        // the service has no instance UP
        AllEjected,                    // it has, but each failed recently
    };
    struct Choice
    {
        Outcome outcome = Outcome::NoneUp;
        RoutingTarget target;
    };

    explicit InstanceChooser(QString zone = {});

    // excluded: addresses not to choose (the one a retry left).
    Choice choose(const RoutedService &service, const PassiveHealth &health, qint64 nowMs,
                  const QSet<QString> &excluded = {});
    const QString &zone() const { return m_zone; }

private:
    QString m_zone;
    // The running weight of each instance, per service, by instance id.
    QHash<QString, QHash<QString, qint64>> m_currentWeights;
};
