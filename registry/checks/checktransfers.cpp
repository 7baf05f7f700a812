// SPDX-License-Identifier: GPL-3.0-or-later
#include "checks/checktransfers.h"

#include <QUrl>

#include <curl/curl.h>

namespace {
constexpr long maxRedirects = 5;

void initCurlOnce()
{
    static const CURLcode initialized = curl_global_init(CURL_GLOBAL_DEFAULT);
    Q_UNUSED(initialized)
}

size_t discardBody(char *, size_t size, size_t count, void *)
{
    return size * count;
}
}

struct CheckTransfers::Transfer
{
    enum class Kind
    {
        Get,
        Connect,
    };

    explicit Transfer(Kind kind)
        : kind {kind}
    {
        curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, error);
        curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
        // Never through a proxy: checks go to the instance itself.
        curl_easy_setopt(easy, CURLOPT_PROXY, "");
    }
    ~Transfer() { curl_easy_cleanup(easy); }
    Transfer(const Transfer &) = delete;
    Transfer &operator=(const Transfer &) = delete;

    const Kind kind;
    CURL *easy = curl_easy_init();
    char error[CURL_ERROR_SIZE] {};
    Done done;
    int timeoutMs = 0;
};

CheckTransfers::CheckTransfers(const QString &caFile, int maxConnections)
    : m_caFile {caFile.toLocal8Bit()}
    , m_maxIdle {std::max(1, maxConnections)}
{
    initCurlOnce();
    m_multi = curl_multi_init();
    curl_multi_setopt(m_multi, CURLMOPT_MAXCONNECTS, long(m_maxIdle));
}

CheckTransfers::~CheckTransfers()
{
    for (const auto &[easy, transfer] : m_running)
        curl_multi_remove_handle(m_multi, easy);
    m_running.clear();
    m_idle.clear();
    curl_multi_cleanup(m_multi);
}

// A GET that passes on a 2xx answer after following up to five redirects, never from https to
// http; https verifies the server's certificate and name. A handle keeps its options from one GET
// to the next: only the URL, the timeout and where redirects may go change.
void CheckTransfers::get(const QString &url, int timeoutMs, Done done)
{
    std::unique_ptr<Transfer> transfer = takeIdleTransfer();
    CURL *easy = transfer->easy;
    const QByteArray target = url.toUtf8();
    curl_easy_setopt(easy, CURLOPT_URL, target.constData());
    curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, long(timeoutMs));
    curl_easy_setopt(easy, CURLOPT_REDIR_PROTOCOLS_STR, target.startsWith("https:") ? "https" : "http,https");
    transfer->timeoutMs = timeoutMs;
    transfer->done = std::move(done);
    start(std::move(transfer));
}

std::unique_ptr<CheckTransfers::Transfer> CheckTransfers::takeIdleTransfer()
{
    if (!m_idle.empty()) {
        std::unique_ptr<Transfer> transfer = std::move(m_idle.back());
        m_idle.pop_back();
        return transfer;
    }
    auto transfer = std::make_unique<Transfer>(Transfer::Kind::Get);
    CURL *easy = transfer->easy;
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &discardBody);
    curl_easy_setopt(easy, CURLOPT_USERAGENT, "muster-health-check");
    curl_easy_setopt(easy, CURLOPT_HTTP_VERSION, long(CURL_HTTP_VERSION_1_1));
    curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(easy, CURLOPT_MAXREDIRS, maxRedirects);
    if (!m_caFile.isEmpty())
        curl_easy_setopt(easy, CURLOPT_CAINFO, m_caFile.constData());
    return transfer;
}

// A connection of its own, closed as soon as it is made: a TCP check only asks whether the port
// accepts.
void CheckTransfers::connectTo(const QString &host, quint16 port, int timeoutMs, Done done)
{
    auto transfer = std::make_unique<Transfer>(Transfer::Kind::Connect);
    CURL *easy = transfer->easy;
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(host);
    url.setPort(port);
    const QByteArray target = url.toEncoded();
    curl_easy_setopt(easy, CURLOPT_URL, target.constData());
    curl_easy_setopt(easy, CURLOPT_CONNECT_ONLY, 1L);
    curl_easy_setopt(easy, CURLOPT_FRESH_CONNECT, 1L);
    curl_easy_setopt(easy, CURLOPT_FORBID_REUSE, 1L);
    curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, long(timeoutMs));
    transfer->timeoutMs = timeoutMs;
    transfer->done = std::move(done);
    start(std::move(transfer));
}

void CheckTransfers::start(std::unique_ptr<Transfer> transfer)
{
    transfer->error[0] = '\0';
    CURL *easy = transfer->easy;
    if (const CURLMcode added = curl_multi_add_handle(m_multi, easy); added != CURLM_OK) {
        m_refused.emplace_back(std::move(transfer->done), Outcome {false, QString::fromUtf8(curl_multi_strerror(added))});
        curl_multi_wakeup(m_multi);
        return;
    }
    m_running.emplace(easy, std::move(transfer));
}

// curl_multi_poll and curl_multi_perform rather than an epoll set and curl_multi_socket_action:
// measured with 10 000 checks every 10 s, the socket interface cost more system calls per check (it
// re-arms each connection's socket twice per GET), and its wake-ups were already few.
void CheckTransfers::poll(int maxWaitMs)
{
    // curl shortens the wait to its own next timeout, and to none while a new transfer waits.
    curl_multi_poll(m_multi, nullptr, 0, std::max(0, maxWaitMs), nullptr);
    int stillRunning = 0;
    curl_multi_perform(m_multi, &stillRunning);
    finishTransfers();
    for (const auto &[done, outcome] : std::exchange(m_refused, {}))
        done(outcome);
}

void CheckTransfers::wakeUp()
{
    curl_multi_wakeup(m_multi);
}

void CheckTransfers::finishTransfers()
{
    int queued = 0;
    while (CURLMsg *message = curl_multi_info_read(m_multi, &queued)) {
        if (message->msg != CURLMSG_DONE)
            continue;
        CURL *easy = message->easy_handle;
        const CURLcode code = message->data.result;
        curl_multi_remove_handle(m_multi, easy);
        const auto running = m_running.find(easy);
        if (running == m_running.end())
            continue;
        std::unique_ptr<Transfer> transfer = std::move(running->second);
        m_running.erase(running);
        const Outcome outcome = outcomeOf(*transfer, code);
        const Done done = std::move(transfer->done);
        if (transfer->kind == Transfer::Kind::Get && qsizetype(m_idle.size()) < m_maxIdle)
            m_idle.push_back(std::move(transfer));
        else
            transfer.reset();          // a TCP check's connection closes here
        done(outcome);
    }
}

CheckTransfers::Outcome CheckTransfers::outcomeOf(const Transfer &transfer, int code) const
{
    if (code == CURLE_OK && transfer.kind == Transfer::Kind::Connect)
        return {true, QStringLiteral("connected")};
    if (code == CURLE_OK) {
        long status = 0;
        curl_easy_getinfo(transfer.easy, CURLINFO_RESPONSE_CODE, &status);
        return {status >= 200 && status < 300, QStringLiteral("HTTP %1").arg(status)};
    }
    if (code == CURLE_OPERATION_TIMEDOUT)
        return {false, QStringLiteral("timed out after %1 ms").arg(transfer.timeoutMs)};
    const char *detail = transfer.error[0] ? transfer.error : curl_easy_strerror(CURLcode(code));
    return {false, QString::fromUtf8(detail)};
}
