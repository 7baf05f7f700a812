// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "api/registrysnapshot.h"

#include <QList>
#include <QObject>
#include <QUrl>

#include <functional>
#include <optional>

class HttpClient;

// A Muster node's history through its HTTP API (docs/history.md), for the console: the changes
// between two moments, the registry at a moment, and an export. Nothing waits: every answer comes
// to a callback on the thread that made the client.
class HistoryClient : public QObject
{
    Q_OBJECT

public:
    // One entry as the console shows it.
    struct Record
    {
        QString event;                 // "registered", "renewals-stopped", …
        qint64 time = 0;
        quint64 revision = 0;
        QString origin;
        QString account;
        QString address;
        QString app;                   // instance events
        QString instanceId;
        InstanceStatus status = InstanceStatus::Unknown;
        InstanceStatus overriddenStatus = InstanceStatus::Unknown;
        QString serviceName;           // service events
        qint64 lastRenewal = 0;        // renewal gaps
    };
    struct Changes
    {
        qint64 earliest = 0;
        QList<Record> records;
        bool truncated = false;
    };

    template<typename T>
    using Callback = std::function<void(const std::optional<T> &answer, const QString &error)>;

    explicit HistoryClient(QObject *parent = nullptr);
    ~HistoryClient() override;

    // node: http://host:port, as RegistryConnection::url() gives it.
    void requestChanges(const QUrl &node, qint64 from, qint64 to, Callback<Changes> done);
    // The registry at time, as a snapshot whose revision is the one it had then.
    void requestStateAt(const QUrl &node, qint64 time, Callback<RegistrySnapshot> done);
    // The export document of a range, to write to a file.
    void requestExport(const QUrl &node, qint64 from, qint64 to, Callback<QByteArray> done);

    static QString formatTime(qint64 ms);
    // The requests behind each answer, for a client that sends them itself (RemoteWorker).
    static QUrl changesUrl(const QUrl &node, qint64 from, qint64 to);
    static QUrl stateUrl(const QUrl &node, qint64 time);
    static std::optional<Changes> decodeChanges(const QJsonObject &document);
    static std::optional<RegistrySnapshot> decodeState(const QJsonObject &document);

private:
    HttpClient *m_http;
};
