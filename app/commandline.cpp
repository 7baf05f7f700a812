// SPDX-License-Identifier: GPL-3.0-or-later
#include "commandline.h"

#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>
#include <QUrl>

#include <cstring>

namespace {
std::optional<int> positiveInt(const QString &text)
{
    bool ok = false;
    const int value = text.toInt(&ok);
    return ok && value > 0 ? std::optional<int>(value) : std::nullopt;
}
}

CommandLine::CommandLine()
    : m_headless {QStringLiteral("headless"), tr("Run the registry node without a window.")}
    , m_config {QStringLiteral("config"), tr("Read settings from the INI <file>; options given here win."),
                tr("file")}
    , m_port {{QStringLiteral("p"), QStringLiteral("port")},
              tr("Listen on <port> (default 8761; 0 picks a free port)."), tr("port"), QStringLiteral("8761")}
    , m_bind {QStringLiteral("bind"), tr("Listen on <address> (default 127.0.0.1)."), tr("address"),
              QStringLiteral("127.0.0.1")}
    , m_name {QStringLiteral("name"), tr("Name the node (default muster)."), tr("name"), QStringLiteral("muster")}
    , m_leaseDuration {QStringLiteral("lease-duration"),
                       tr("Lease duration in seconds for instances that do not set one (default 90)."),
                       tr("seconds"), QStringLiteral("90")}
    , m_evictionInterval {QStringLiteral("eviction-interval"),
                          tr("Seconds between eviction passes (default 60)."), tr("seconds"), QStringLiteral("60")}
    , m_selfPreservation {QStringLiteral("self-preservation"), tr("Self-preservation on or off (default on)."),
                          tr("on|off"), QStringLiteral("on")}
    , m_renewalThreshold {QStringLiteral("renewal-threshold"),
                          tr("Share of expected renewals below which self-preservation holds leases (default 0.85)."),
                          tr("factor"), QStringLiteral("0.85")}
    , m_deltaRetention {QStringLiteral("delta-retention"),
                        tr("Seconds a change stays in the delta (default 180)."), tr("seconds"), QStringLiteral("180")}
    , m_peer {QStringLiteral("peer"),
              tr("Replicate to the node at the Eureka service <url>, e.g. http://127.0.0.1:8762/eureka/ (repeatable)."),
              tr("url")}
    , m_nodes {QStringLiteral("nodes"),
               tr("Run <count> fully meshed nodes in this process on consecutive ports (default 1)."),
               tr("count"), QStringLiteral("1")}
    , m_registerWithPeers {QStringLiteral("register-with-peers"),
                           tr("Register the node with its peers as app MUSTER, as Eureka servers do (default on)."),
                           tr("on|off"), QStringLiteral("on")}
    , m_dataDir {QStringLiteral("data-dir"),
                 tr("Keep pinned instances and hand-made services in <dir> (default %1/<name>-<port>, one "
                    "per node; with --nodes, one sub-directory per node; unused with --store etcd://, where "
                    "etcd keeps them).")
                     .arg(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)),
                 tr("dir")}
    , m_store {QStringLiteral("store"),
               tr("Keep the state in memory (default) or in etcd 3.4+: etcd://host:2379[,host2:2379,...]; "
                  "nodes over one etcd share one registry."),
               tr("store"), QStringLiteral("memory")}
    , m_etcdPrefix {QStringLiteral("etcd-prefix"), tr("The etcd key prefix for the state (default /muster/)."),
                    tr("prefix"), QStringLiteral("/muster/")}
    , m_bridge {QStringLiteral("bridge"),
                tr("Sync both ways with an external registry: eureka=http://host:8761/eureka/ or "
                   "servicecomb=http://host:30100 (repeatable)."),
                tr("kind=url")}
    , m_bridgeGrace {QStringLiteral("bridge-grace"),
                     tr("Seconds that entries pulled from an unreachable external registry stay (default 90)."),
                     tr("seconds"), QStringLiteral("90")}
    , m_bridgeInterval {QStringLiteral("bridge-interval"),
                        tr("Milliseconds between reads of each external registry (default 1000)."),
                        tr("ms"), QStringLiteral("1000")}
    , m_metrics {QStringLiteral("metrics"),
                 tr("Count requests and serve them at /metrics in Prometheus' format (default on)."),
                 tr("on|off"), QStringLiteral("on")}
    , m_logFormat {QStringLiteral("log-format"),
                   tr("Write the log to stderr as text or as JSON lines (default text)."), tr("text|json"),
                   QStringLiteral("text")}
    , m_logLevel {QStringLiteral("log-level"),
                  tr("Log at this level and above: debug (one line per request), info (one line per write), "
                     "warning or error (default info)."),
                  tr("level"), QStringLiteral("info")}
    , m_auth {QStringLiteral("auth"),
              tr("Require accounts (see `muster account`) for every request but health checks, or not: "
                 "required|off (default off when listening on loopback only, required otherwise)."),
              tr("mode")}
    , m_insecure {QStringLiteral("insecure"),
                  tr("Let a node that listens beyond loopback run without authentication (no accounts, or "
                     "--auth off); it says so loudly in the log.")}
    , m_tlsCert {QStringLiteral("tls-cert"),
                 tr("Serve HTTPS on the port with the PEM certificate (chain) in <file>; needs --tls-key."), tr("file")}
    , m_tlsKey {QStringLiteral("tls-key"), tr("The PEM private key of --tls-cert (RSA or EC, not encrypted)."),
                tr("file")}
    , m_tlsCa {QStringLiteral("tls-ca"),
               tr("Trust the PEM CA certificates in <file>, beside the system's, when calling peers and bridges "
                  "over https."),
               tr("file")}
{
    m_parser.setApplicationDescription(tr("Muster: a service registry that speaks Eureka, with a desktop console."));
    m_parser.addHelpOption();
    m_parser.addVersionOption();
    m_parser.addOptions({m_headless, m_config, m_port, m_bind, m_name, m_leaseDuration, m_evictionInterval,
                         m_selfPreservation, m_renewalThreshold, m_deltaRetention, m_peer, m_nodes, m_registerWithPeers,
                         m_dataDir, m_store, m_etcdPrefix, m_bridge, m_bridgeGrace, m_bridgeInterval, m_metrics,
                         m_logFormat, m_logLevel, m_auth, m_insecure});
    m_parser.addOptions({m_tlsCert, m_tlsKey, m_tlsCa});
}

bool CommandLine::wantsWindow(int argc, char **argv)
{
    for (int i = 1; i < argc; ++i) {
        for (const char *windowless : {"--headless", "-headless", "--help", "--help-all", "-h", "-?", "--version", "-v"}) {
            if (std::strcmp(argv[i], windowless) == 0)
                return false;
        }
    }
    return true;
}

QString CommandLine::value(const QCommandLineOption &option, const QString &key, const QSettings *file) const
{
    if (m_parser.isSet(option) || !file)
        return m_parser.value(option);
    return file->value(QStringLiteral("node/") + key, m_parser.value(option)).toString();
}

std::variant<NodeConfig, QString> CommandLine::nodeConfig() const
{
    std::unique_ptr<QSettings> file;
    if (m_parser.isSet(m_config)) {
        const QString path = m_parser.value(m_config);
        if (!QFileInfo(path).isReadable())
            return tr("--config: cannot read %1").arg(path);
        file = std::make_unique<QSettings>(path, QSettings::IniFormat);
        if (file->status() != QSettings::NoError)
            return tr("--config: %1 is not a valid INI file").arg(path);
    }

    NodeConfig config;
    bool ok = false;
    const QString port = value(m_port, QStringLiteral("port"), file.get());
    const uint portNumber = port.toUInt(&ok);
    if (!ok || portNumber > 65535)
        return tr("--port: '%1' is not a port number from 0 to 65535").arg(port);
    config.port = quint16(portNumber);

    const QString bind = value(m_bind, QStringLiteral("bind"), file.get());
    if (!config.bindAddress.setAddress(bind))
        return tr("--bind: '%1' is not an IP address").arg(bind);

    config.name = value(m_name, QStringLiteral("name"), file.get()).trimmed();
    if (config.name.isEmpty())
        return tr("--name: the name must not be empty");

    const QString lease = value(m_leaseDuration, QStringLiteral("lease-duration"), file.get());
    const auto leaseSecs = positiveInt(lease);
    if (!leaseSecs)
        return tr("--lease-duration: '%1' is not a positive number of seconds").arg(lease);
    config.registry.defaultLeaseDurationSecs = *leaseSecs;

    const QString eviction = value(m_evictionInterval, QStringLiteral("eviction-interval"), file.get());
    const auto evictionSecs = positiveInt(eviction);
    if (!evictionSecs)
        return tr("--eviction-interval: '%1' is not a positive number of seconds").arg(eviction);
    config.evictionIntervalSecs = *evictionSecs;

    const QString retention = value(m_deltaRetention, QStringLiteral("delta-retention"), file.get());
    const auto retentionSecs = positiveInt(retention);
    if (!retentionSecs)
        return tr("--delta-retention: '%1' is not a positive number of seconds").arg(retention);
    config.registry.deltaRetentionSecs = *retentionSecs;

    const QString preservation = value(m_selfPreservation, QStringLiteral("self-preservation"), file.get()).toLower();
    if (preservation == u"on" || preservation == u"true")
        config.registry.selfPreservationEnabled = true;
    else if (preservation == u"off" || preservation == u"false")
        config.registry.selfPreservationEnabled = false;
    else
        return tr("--self-preservation: '%1' is not on or off").arg(preservation);

    const QString threshold = value(m_renewalThreshold, QStringLiteral("renewal-threshold"), file.get());
    const double factor = threshold.toDouble(&ok);
    if (!ok || factor <= 0 || factor > 1)
        return tr("--renewal-threshold: '%1' is not a number above 0 and at most 1").arg(threshold);
    config.registry.renewalPercentThreshold = factor;

    const QStringList peers = m_parser.isSet(m_peer) || !file
        ? m_parser.values(m_peer)
        : file->value(QStringLiteral("node/peers")).toStringList();
    for (const QString &peer : peers) {
        const QUrl url(peer.trimmed(), QUrl::StrictMode);
        if (!url.isValid() || (url.scheme() != u"http" && url.scheme() != u"https") || url.host().isEmpty()
            || url.port() <= 0)
            return tr("--peer: '%1' is not an http(s) URL with a host and a port").arg(peer);
        config.peers.append(url);
    }

    const QStringList bridges = m_parser.isSet(m_bridge) || !file
        ? m_parser.values(m_bridge)
        : file->value(QStringLiteral("node/bridges")).toStringList();
    for (const QString &bridge : bridges) {
        auto target = BridgeTargets::parse(bridge.trimmed());
        if (std::holds_alternative<QString>(target))
            return tr("--bridge: '%1' is not kind=url with kind eureka or servicecomb and an http(s) URL").arg(bridge);
        config.bridges.append(std::get<BridgeTarget>(target));
    }
    const auto grace = positiveInt(value(m_bridgeGrace, QStringLiteral("bridge-grace"), file.get()));
    if (!grace)
        return tr("--bridge-grace: not a positive number of seconds");
    config.bridgeSettings.graceSecs = *grace;
    const auto interval = positiveInt(value(m_bridgeInterval, QStringLiteral("bridge-interval"), file.get()));
    if (!interval || *interval < 100)
        return tr("--bridge-interval: not a number of milliseconds of at least 100");
    config.bridgeSettings.pollIntervalMs = *interval;

    const QString registration = value(m_registerWithPeers, QStringLiteral("register-with-peers"), file.get()).toLower();
    if (registration == u"on" || registration == u"true")
        config.registerWithPeers = true;
    else if (registration == u"off" || registration == u"false")
        config.registerWithPeers = false;
    else
        return tr("--register-with-peers: '%1' is not on or off").arg(registration);

    const QString metrics = value(m_metrics, QStringLiteral("metrics"), file.get()).toLower();
    if (metrics == u"on" || metrics == u"true")
        config.metrics = true;
    else if (metrics == u"off" || metrics == u"false")
        config.metrics = false;
    else
        return tr("--metrics: '%1' is not on or off").arg(metrics);

    const QString auth = m_parser.isSet(m_auth) || (file && file->contains(QStringLiteral("node/auth")))
        ? value(m_auth, QStringLiteral("auth"), file.get()).toLower()
        : QString();
    if (auth.isEmpty())
        config.auth.mode = AuthConfig::defaultMode(config.bindAddress);
    else if (auth == u"required" || auth == u"on")
        config.auth.mode = AuthConfig::Mode::Required;
    else if (auth == u"off")
        config.auth.mode = AuthConfig::Mode::Off;
    else
        return tr("--auth: '%1' is neither required nor off").arg(auth);
    config.auth.insecure = m_parser.isSet(m_insecure)
        || (file && file->value(QStringLiteral("node/insecure")).toString().toLower() == u"true");

    const auto dataDir = dataDirConfig(file.get());
    if (const auto *error = std::get_if<QString>(&dataDir))
        return *error;
    const auto &[explicitDir, defaultRoot] = std::get<DataDirs>(dataDir);
    config.dataDir = explicitDir;
    config.dataRoot = defaultRoot;
    config.previousDataDir = defaultRoot;

    auto tls = tlsFiles(file.get());
    if (const auto *error = std::get_if<QString>(&tls))
        return *error;
    config.tls = std::get<TlsFiles>(tls);

    auto store = storeConfig(value(m_store, QStringLiteral("store"), file.get()).trimmed(),
                             value(m_etcdPrefix, QStringLiteral("etcd-prefix"), file.get()));
    if (const auto *error = std::get_if<QString>(&store))
        return *error;
    config.store = std::get<StoreConfig>(store);
    if (config.store.kind == StoreConfig::Kind::Etcd && !config.peers.isEmpty())
        return tr("--peer: nodes that keep their state in etcd share it there and replicate to no peer; "
                  "leave out --peer or --store");
    return config;
}

// The directory given, or else the root under which each node gets its own (NodeConfig::journalDir()).
std::variant<CommandLine::DataDirs, QString> CommandLine::dataDirConfig(const QSettings *file) const
{
    const bool given = m_parser.isSet(m_dataDir) || (file && file->contains(QStringLiteral("node/data-dir")));
    if (given) {
        const QString dataDir = value(m_dataDir, QStringLiteral("data-dir"), file).trimmed();
        if (dataDir.isEmpty())
            return tr("--data-dir: no directory given");
        return DataDirs {QFileInfo(dataDir).absoluteFilePath(), {}};
    }
    const QString root = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    if (root.isEmpty())
        return tr("--data-dir: no directory given, and this system names no application data location");
    return DataDirs {{}, QFileInfo(root).absoluteFilePath()};
}

// The certificate and key come together; the files are read when the node starts.
std::variant<TlsFiles, QString> CommandLine::tlsFiles(const QSettings *file) const
{
    TlsFiles files;
    files.certificate = value(m_tlsCert, QStringLiteral("tls-cert"), file).trimmed();
    files.privateKey = value(m_tlsKey, QStringLiteral("tls-key"), file).trimmed();
    files.caCertificates = value(m_tlsCa, QStringLiteral("tls-ca"), file).trimmed();
    if (files.certificate.isEmpty() != files.privateKey.isEmpty())
        return tr("--tls-cert and --tls-key: give both, or neither");
    for (QString *path : {&files.certificate, &files.privateKey, &files.caCertificates}) {
        if (!path->isEmpty() && !QFileInfo(*path).isReadable())
            return tr("--tls: cannot read %1").arg(*path);
        if (!path->isEmpty())
            *path = QFileInfo(*path).absoluteFilePath();
    }
    return files;
}

// memory, or etcd://host:port[,host:port…] (the port defaults to etcd's 2379).
std::variant<StoreConfig, QString> CommandLine::storeConfig(const QString &store, const QString &prefix)
{
    StoreConfig config;
    if (store.isEmpty() || store == u"memory")
        return config;
    const QString scheme = QStringLiteral("etcd://");
    if (!store.startsWith(scheme))
        return tr("--store: '%1' is neither memory nor etcd://host:port[,host:port...]").arg(store);
    config.kind = StoreConfig::Kind::Etcd;
    const QString hosts = store.mid(scheme.size());
    if (hosts.trimmed().isEmpty())
        return tr("--store: '%1' names no etcd endpoint").arg(store);
    for (const QString &host : hosts.split(u',')) {
        const QUrl url(QStringLiteral("http://") + host.trimmed(), QUrl::StrictMode);
        if (host.trimmed().isEmpty() || !url.isValid() || url.host().isEmpty() || !url.path().isEmpty()
            || !url.query().isEmpty() || !url.userInfo().isEmpty())
            return tr("--store: '%1' is not an etcd endpoint host:port").arg(host);
        const qsizetype colon = host.lastIndexOf(u':');
        if (colon > host.lastIndexOf(u']')) {
            bool ok = false;
            const uint port = host.mid(colon + 1).toUInt(&ok);
            if (!ok || port == 0 || port > 65535)
                return tr("--store: '%1' has no port number from 1 to 65535").arg(host);
        }
        QUrl endpoint = url;
        if (endpoint.port() <= 0)
            endpoint.setPort(2379);
        config.etcdEndpoints.append(endpoint);
    }
    const QString trimmedPrefix = prefix.trimmed();
    if (trimmedPrefix.isEmpty())
        return tr("--etcd-prefix: the prefix must not be empty");
    config.etcdPrefix = trimmedPrefix.endsWith(u'/') ? trimmedPrefix : trimmedPrefix + u'/';
    return config;
}

std::variant<LogSettings, QString> CommandLine::logSettings() const
{
    std::unique_ptr<QSettings> file;
    if (m_parser.isSet(m_config) && QFileInfo(m_parser.value(m_config)).isReadable())
        file = std::make_unique<QSettings>(m_parser.value(m_config), QSettings::IniFormat);
    LogSettings settings;
    const QString format = value(m_logFormat, QStringLiteral("log-format"), file.get()).toLower();
    if (format == u"json")
        settings.format = LogSettings::Format::Json;
    else if (format != u"text")
        return tr("--log-format: '%1' is neither text nor json").arg(format);
    const QString level = value(m_logLevel, QStringLiteral("log-level"), file.get()).toLower();
    if (level == u"debug")
        settings.level = QtDebugMsg;
    else if (level == u"info")
        settings.level = QtInfoMsg;
    else if (level == u"warning")
        settings.level = QtWarningMsg;
    else if (level == u"error")
        settings.level = QtCriticalMsg;
    else
        return tr("--log-level: '%1' is not one of debug, info, warning, error").arg(level);
    return settings;
}

std::variant<int, QString> CommandLine::nodeCount() const
{
    const QString text = m_parser.value(m_nodes);
    const auto count = positiveInt(text);
    if (!count || *count > 64)
        return tr("--nodes: '%1' is not a number of nodes from 1 to 64").arg(text);
    return *count;
}
