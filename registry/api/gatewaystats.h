// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>

// What a node's gateway has carried since it started, per service and per instance, as the gateway
// thread hands it back to the node (about once a second while traffic flows).
struct GatewayInstanceStats
{
    QString instanceId;
    QString address;                   // host:port
    quint64 requests = 0;
    quint64 errors = 0;                // failed to connect, reset, timed out, or answered 5xx
    double p50Ms = 0;                  // latency to the last byte of the answer, over the last minute or two
    double p99Ms = 0;
    qint64 ejectedUntilMs = 0;         // Unix time; 0 when the instance takes traffic

    friend bool operator==(const GatewayInstanceStats &, const GatewayInstanceStats &) = default;
};

struct GatewayServiceStats
{
    QString service;                   // lower case, as the gateway's paths name it
    quint64 requests = 0;
    quint64 errors = 0;                // the instances' errors and the gateway's own 502/503/504
    double p50Ms = 0;
    double p99Ms = 0;
    QList<GatewayInstanceStats> instances;

    friend bool operator==(const GatewayServiceStats &, const GatewayServiceStats &) = default;
};

// The gateway's statistics as a caller of a node receives them: a registry that cannot report them
// (a stopped node, an Eureka server, a failed read) says why instead.
struct GatewayStats
{
    enum class Availability
    {
        Available,
        NotRunning,                    // a stopped node, or a remote not read yet
        NotMuster,                     // an Eureka server or a Service-Center: no gateway to ask
        Failed,                        // reading them failed; error says why
    };

    Availability availability = Availability::Available;
    QString error;
    bool running = false;
    QString url;                       // http://host:port of the gateway; empty when it is off
    QString zone;                      // the gateway's own zone: instances there are preferred
    quint64 requests = 0;
    quint64 unknownServiceRequests = 0;   // answered 404
    int openConnections = 0;
    QList<GatewayServiceStats> services;

    bool isAvailable() const { return availability == Availability::Available; }
    const GatewayInstanceStats *instance(const QString &instanceId) const;
    // The JSON of GET /muster/api/v1/gateway, and back; fromJson leaves missing fields default.
    QJsonObject toJson() const;
    static GatewayStats fromJson(const QJsonObject &object);
    static GatewayStats unavailable(Availability why, const QString &error = {});

    friend bool operator==(const GatewayStats &, const GatewayStats &) = default;
};

Q_DECLARE_METATYPE(GatewayStats)
