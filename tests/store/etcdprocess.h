// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <QUrl>

#include <memory>
#include <vector>

// A real etcd for tests: Debian's etcd-server (/usr/bin/etcd, 3.4), one member or a cluster of
// several, each on two free loopback ports (client, peer) with its data in a temporary directory.
// A member can be stopped and started again on the same ports and data, or paused (SIGSTOP).
class EtcdProcess
{
public:
    static constexpr int startTimeoutMs = 20000;

    explicit EtcdProcess(int members = 1);
    ~EtcdProcess();

    // Starts every member and waits until each answers /health. False with lastError() otherwise
    // (etcd not installed is an error: installer/install-deps.sh installs it).
    bool start();
    bool startMember(int member);
    void stopMember(int member);
    void stop();
    // SIGSTOP / SIGCONT: an etcd that hangs without closing its connections.
    void pauseMember(int member);
    void resumeMember(int member);

    QUrl clientUrl(int member = 0) const;
    quint16 clientPort(int member = 0) const { return m_members.at(member).clientPort; }
    // etcd://127.0.0.1:port,… for --store / StoreConfig, every member in order.
    QString storeSpec() const;
    QList<QUrl> endpoints() const;
    QString lastError() const { return m_error; }

    // Runs etcdctl against every member; its standard output, or empty with ok false.
    QByteArray etcdctl(const QStringList &arguments, bool *ok = nullptr) const;
    // The cluster's current revision (from a range read), or 0.
    qint64 revision() const;

    // A loopback port that was free a moment ago.
    static quint16 freePort();

private:
    struct Member
    {
        QString name;
        quint16 clientPort = 0;
        quint16 peerPort = 0;
        std::unique_ptr<QProcess> process;
        bool everStarted = false;
    };

    bool waitHealthy(int member);

    QTemporaryDir m_dir;
    std::vector<Member> m_members;
    QString m_token;
    QString m_error;
};
