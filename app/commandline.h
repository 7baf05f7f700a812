// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "logoutput.h"
#include "node/nodeconfig.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QString>

#include <memory>
#include <optional>
#include <variant>

// Muster's command line and its INI config file (--config); the command line wins over the file.
class CommandLine
{
    Q_DECLARE_TR_FUNCTIONS(CommandLine)

public:
    CommandLine();

    QCommandLineParser &parser() { return m_parser; }
    bool isHeadless() const { return m_parser.isSet(m_headless); }
    // The node's settings, or a message naming the option that is wrong.
    std::variant<NodeConfig, QString> nodeConfig() const;
    // How the log is written (--log-format, --log-level), or a message naming the option that is wrong.
    std::variant<LogSettings, QString> logSettings() const;
    // How many fully meshed nodes to run in this process (--nodes), or a message saying what is wrong.
    std::variant<int, QString> nodeCount() const;

    // False when argv asks for --headless, or for the help or the version, which need no window
    // (a system with no display prints them too): read before any application object exists.
    static bool wantsWindow(int argc, char **argv);
    // --store and --etcd-prefix (also for `muster account`), or a message saying what is wrong.
    static std::variant<StoreConfig, QString> storeConfig(const QString &store, const QString &prefix);

private:
    QString value(const QCommandLineOption &option, const QString &key, const class QSettings *file) const;
    struct DataDirs
    {
        QString explicitDir;
        QString defaultRoot;
    };
    std::variant<DataDirs, QString> dataDirConfig(const class QSettings *file) const;
    std::optional<QString> readHistoryOptions(NodeConfig &config, const class QSettings *file) const;
    std::variant<TlsFiles, QString> tlsFiles(const class QSettings *file) const;

    QCommandLineParser m_parser;
    QCommandLineOption m_headless;
    QCommandLineOption m_config;
    QCommandLineOption m_port;
    QCommandLineOption m_bind;
    QCommandLineOption m_name;
    QCommandLineOption m_leaseDuration;
    QCommandLineOption m_evictionInterval;
    QCommandLineOption m_selfPreservation;
    QCommandLineOption m_renewalThreshold;
    QCommandLineOption m_deltaRetention;
    QCommandLineOption m_peer;
    QCommandLineOption m_nodes;
    QCommandLineOption m_registerWithPeers;
    QCommandLineOption m_dataDir;
    QCommandLineOption m_store;
    QCommandLineOption m_etcdPrefix;
    QCommandLineOption m_bridge;
    QCommandLineOption m_bridgeGrace;
    QCommandLineOption m_bridgeInterval;
    QCommandLineOption m_metrics;
    QCommandLineOption m_gatewayPort;
    QCommandLineOption m_gatewayZone;
    QCommandLineOption m_historyRetention;
    QCommandLineOption m_replay;
    QCommandLineOption m_replaySpeed;
    QCommandLineOption m_logFormat;
    QCommandLineOption m_logLevel;
    QCommandLineOption m_auth;
    QCommandLineOption m_insecure;
    QCommandLineOption m_tlsCert;
    QCommandLineOption m_tlsKey;
    QCommandLineOption m_tlsCa;
};
