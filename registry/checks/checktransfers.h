// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

#include <functional>
#include <memory>
#include <unordered_map>
#include <utility>
#include <vector>

// The checks' network work through libcurl's multi interface, driven by whoever calls poll(), on one
// thread and without a Qt event loop: HTTP GETs (a 2xx passes) and TCP connects. Connections to the
// same upstream stay open between GETs and are reused; https verifies the server with the system's
// CAs plus those in caFile. Each transfer answers once, through its callback, from inside poll().
class CheckTransfers
{
public:
    struct Outcome
    {
        bool passed = false;
        QString detail;
    };
    using Done = std::function<void(const Outcome &)>;

    // At most maxConnections connections stay open for reuse.
    CheckTransfers(const QString &caFile, int maxConnections);
    ~CheckTransfers();
    CheckTransfers(const CheckTransfers &) = delete;
    CheckTransfers &operator=(const CheckTransfers &) = delete;

    void get(const QString &url, int timeoutMs, Done done);
    void connectTo(const QString &host, quint16 port, int timeoutMs, Done done);

    // Waits at most maxWaitMs for a socket, a timeout of curl's or wakeUp(), then moves every
    // transfer on and answers those that ended.
    void poll(int maxWaitMs);
    // From any thread: ends the current or the next poll() at once.
    void wakeUp();

    qsizetype running() const { return qsizetype(m_running.size()); }

private:
    struct Transfer;
    void start(std::unique_ptr<Transfer> transfer);
    std::unique_ptr<Transfer> takeIdleTransfer();
    void finishTransfers();
    Outcome outcomeOf(const Transfer &transfer, int code) const;

    QByteArray m_caFile;
    void *m_multi = nullptr;           // libcurl's CURLM
    int m_maxIdle;
    std::unordered_map<void *, std::unique_ptr<Transfer>> m_running;
    std::vector<std::unique_ptr<Transfer>> m_idle;
    std::vector<std::pair<Done, Outcome>> m_refused;  // transfers curl would not take, answered by the next poll()
};
