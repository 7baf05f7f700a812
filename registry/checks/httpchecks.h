// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QObject>
#include <QString>
#include <QTimer>

#include <functional>
#include <memory>
#include <unordered_map>
#include <vector>

class QSocketNotifier;

// HTTP GETs through libcurl's multi interface, driven by the event loop of the thread this object
// lives on: a QSocketNotifier for each socket curl asks to watch and one timer for curl's timeouts.
// Connections to the same upstream stay open between GETs and are reused; https verifies the
// server with the system's CAs plus those in caFile. Each GET answers once, through its callback.
class HttpChecks : public QObject
{
    Q_OBJECT

public:
    struct Outcome
    {
        bool passed = false;
        QString detail;
    };
    using Done = std::function<void(const Outcome &)>;

    // At most maxConnections connections stay open for reuse.
    explicit HttpChecks(const QString &caFile, int maxConnections, QObject *parent = nullptr);
    ~HttpChecks() override;

    void get(const QString &url, int timeoutMs, Done done);
    qsizetype running() const { return qsizetype(m_running.size()); }

private:
    struct Transfer;
    struct Watch
    {
        QSocketNotifier *read = nullptr;
        QSocketNotifier *write = nullptr;
    };
    friend struct CurlCallbacks;

    void watchSocket(int socket, int what);
    void watchFor(QSocketNotifier *&notifier, int socket, bool wanted, bool forReading);
    void act(int socket, int events);
    void finishTransfers();
    std::unique_ptr<Transfer> takeIdleTransfer();
    void prepare(Transfer &transfer, const QString &url, int timeoutMs) const;
    Outcome outcomeOf(Transfer &transfer, int code) const;

    QByteArray m_caFile;
    void *m_multi = nullptr;           // libcurl's CURLM
    QTimer m_timer;
    int m_maxIdle;
    QHash<int, Watch> m_watches;
    std::unordered_map<void *, std::unique_ptr<Transfer>> m_running;
    std::vector<std::unique_ptr<Transfer>> m_idle;
};
