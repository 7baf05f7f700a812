// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QMap>
#include <QString>

#include <optional>

struct Instance;
struct HealthCheck;

// A health check the node runs against an instance: an HTTP GET that passes on a 2xx answer, or a
// TCP connect. After `failures` failures in a row the instance is DOWN (by the check), after
// `successes` passes in a row it is UP again; with deregisterAfterMs, an instance that has failed
// that long is removed.
struct CheckSpec
{
    enum class Kind
    {
        Http,
        Tcp,
    };

    Kind kind = Kind::Http;
    QString target;                    // the URL for HTTP, host:port for TCP
    int intervalMs = 10000;
    int timeoutMs = 2000;
    int failures = 3;
    int successes = 1;
    qint64 deregisterAfterMs = 0;      // 0: never

    // What is wrong with it, or empty.
    QString validationError() const;
    // host and port of a TCP target; port 0 when it has none.
    QString tcpHost() const;
    quint16 tcpPort() const;

    friend bool operator==(const CheckSpec &, const CheckSpec &) = default;
};

// A check read from some input, or why it could not be: errors are values at the codec boundary.
struct ParsedCheck
{
    std::optional<CheckSpec> check;    // empty with no error: the input asks for no check
    QString error;
};

namespace CheckSpecs {
QString kindName(CheckSpec::Kind kind);
// Muster's JSON: {"type": "http"|"tcp", "target", "intervalMs", "timeoutMs", "failures",
// "successes", "deregisterAfterMs"}; durations may also be given as text ("interval": "10s").
QJsonObject toJson(const CheckSpec &check);
ParsedCheck fromJson(const QJsonObject &object);
// "500ms", "10s", "2m", "1h", or a plain number of seconds; nullopt when it is none of these.
std::optional<qint64> durationMs(const QString &text);
// Eureka: the instance opts in with metadata muster.check=http (its healthCheckUrl) or tcp (its
// ipAddr and port, or muster.check.target), tuned by muster.check.interval, .timeout, .failures,
// .successes and .deregister-after.
ParsedCheck fromEurekaMetadata(const Instance &instance);
// Service-Center: healthCheck {mode: pull} is checked by the registry, every interval seconds, DOWN
// after times failures: HTTP when it names a url (a path is taken on the instance's first
// endpoint), else a TCP connect to its port (or the first endpoint's).
ParsedCheck fromServiceCombHealthCheck(const HealthCheck &healthCheck, const Instance &instance);
}
