// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHostAddress>
#include <QMetaType>
#include <QString>
#include <QUrl>

// What a LoadSimulator simulates: N Eureka clients of one app against one node.
struct LoadSimulatorOptions
{
    QUrl serviceUrl;                   // the node's Eureka service URL, e.g. http://127.0.0.1:8761/eureka/
    QString app = QStringLiteral("SIMULATED");
    int instanceCount = 100;
    int heartbeatIntervalMs = 30'000;  // each healthy instance's; they are spread evenly over it
    double failingShare = 0.0;         // 0..1: these register, then never heartbeat, so their leases run out
    int leaseDurationSecs = 90;
    QString hostNamePattern = QStringLiteral("{app}-sim-{i}.local");   // {app}: the app in lower case, {i}: 0…N-1
    QHostAddress firstAddress = QHostAddress(QStringLiteral("10.0.0.1"));   // instance i gets this + i
    int port = 8080;
    // Each pool is a QNetworkAccessManager with up to six connections to the node.
    int connectionPools = 4;
    int maxInFlight = 512;             // requests waiting for an answer; a heartbeat beyond is skipped
};

// Where a simulation stands.
struct LoadSimulatorCounters
{
    int instances = 0;
    int failing = 0;                   // of the instances, those that never heartbeat
    int registered = 0;                // registered by the simulator and not cancelled since
    qint64 heartbeatsSent = 0;         // answered 200
    qint64 heartbeatsSkipped = 0;      // due while the instance's previous one, or too many requests, were in flight
    qint64 reRegistrations = 0;        // after a heartbeat answered 404, as a real client does
    qint64 errors = 0;                 // requests that failed
    qint64 heartbeatsPerSecond = 0;    // answered in the last complete second
    QString lastError;

    friend bool operator==(const LoadSimulatorCounters &, const LoadSimulatorCounters &) = default;
};

Q_DECLARE_METATYPE(LoadSimulatorCounters)
