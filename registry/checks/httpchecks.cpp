// SPDX-License-Identifier: GPL-3.0-or-later
#include "checks/httpchecks.h"

#include <QSocketNotifier>

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

void disable(QSocketNotifier *notifier)
{
    if (notifier)
        notifier->setEnabled(false);
}
}

struct HttpChecks::Transfer
{
    CURL *easy = curl_easy_init();
    char error[CURL_ERROR_SIZE] {};
    Done done;
    int timeoutMs = 0;

    ~Transfer() { curl_easy_cleanup(easy); }
};

// What curl calls back, with the exact signatures it expects.
struct CurlCallbacks
{
    static int onSocket(CURL *, curl_socket_t socket, int what, void *self, void *)
    {
        static_cast<HttpChecks *>(self)->watchSocket(socket, what);
        return 0;
    }

    static int onTimeout(CURLM *, long timeoutMs, void *self)
    {
        QTimer &timer = static_cast<HttpChecks *>(self)->m_timer;
        if (timeoutMs < 0)
            timer.stop();
        else
            timer.start(int(std::min<long>(timeoutMs, 60'000)));
        return 0;
    }
};

HttpChecks::HttpChecks(const QString &caFile, int maxConnections, QObject *parent)
    : QObject {parent}
    , m_caFile {caFile.toLocal8Bit()}
    , m_timer {this}
    , m_maxIdle {std::max(1, maxConnections)}
{
    initCurlOnce();
    m_multi = curl_multi_init();
    curl_multi_setopt(m_multi, CURLMOPT_SOCKETFUNCTION, &CurlCallbacks::onSocket);
    curl_multi_setopt(m_multi, CURLMOPT_SOCKETDATA, this);
    curl_multi_setopt(m_multi, CURLMOPT_TIMERFUNCTION, &CurlCallbacks::onTimeout);
    curl_multi_setopt(m_multi, CURLMOPT_TIMERDATA, this);
    curl_multi_setopt(m_multi, CURLMOPT_MAXCONNECTS, long(m_maxIdle));
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, [this] { act(CURL_SOCKET_TIMEOUT, 0); });
}

HttpChecks::~HttpChecks()
{
    for (const auto &[easy, transfer] : m_running)
        curl_multi_remove_handle(m_multi, easy);
    m_running.clear();
    m_idle.clear();
    // Closing the kept-alive connections must not reach a half-destroyed object.
    curl_multi_setopt(m_multi, CURLMOPT_SOCKETFUNCTION, nullptr);
    curl_multi_setopt(m_multi, CURLMOPT_TIMERFUNCTION, nullptr);
    curl_multi_cleanup(m_multi);
}

void HttpChecks::get(const QString &url, int timeoutMs, Done done)
{
    std::unique_ptr<Transfer> transfer = takeIdleTransfer();
    prepare(*transfer, url, timeoutMs);
    transfer->done = std::move(done);
    CURL *easy = transfer->easy;
    if (const CURLMcode added = curl_multi_add_handle(m_multi, easy); added != CURLM_OK) {
        // Answered later, as every GET is: the caller may be in the middle of starting others.
        QMetaObject::invokeMethod(this, [done = std::move(transfer->done), added] {
            done({false, QString::fromUtf8(curl_multi_strerror(added))});
        }, Qt::QueuedConnection);
        return;
    }
    m_running.emplace(easy, std::move(transfer));
}

std::unique_ptr<HttpChecks::Transfer> HttpChecks::takeIdleTransfer()
{
    if (m_idle.empty())
        return std::make_unique<Transfer>();
    std::unique_ptr<Transfer> transfer = std::move(m_idle.back());
    m_idle.pop_back();
    curl_easy_reset(transfer->easy);
    return transfer;
}

// A GET that passes on a 2xx answer after following up to five redirects, never from https to
// http; https verifies the server's certificate and name. Never through a proxy: checks go to the
// instance itself.
void HttpChecks::prepare(Transfer &transfer, const QString &url, int timeoutMs) const
{
    CURL *easy = transfer.easy;
    transfer.error[0] = '\0';
    transfer.timeoutMs = timeoutMs;
    const QByteArray target = url.toUtf8();
    curl_easy_setopt(easy, CURLOPT_URL, target.constData());
    curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, transfer.error);
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &discardBody);
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, long(timeoutMs));
    curl_easy_setopt(easy, CURLOPT_USERAGENT, "muster-health-check");
    curl_easy_setopt(easy, CURLOPT_HTTP_VERSION, long(CURL_HTTP_VERSION_1_1));
    curl_easy_setopt(easy, CURLOPT_PROXY, "");
    curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(easy, CURLOPT_MAXREDIRS, maxRedirects);
    curl_easy_setopt(easy, CURLOPT_REDIR_PROTOCOLS_STR, target.startsWith("https:") ? "https" : "http,https");
    if (!m_caFile.isEmpty())
        curl_easy_setopt(easy, CURLOPT_CAINFO, m_caFile.constData());
}

void HttpChecks::watchSocket(int socket, int what)
{
    // A kept-alive connection is removed after each GET and watched again by the next: the
    // notifiers stay, disabled, for the next socket with that descriptor (a disabled one polls nothing).
    if (what == CURL_POLL_REMOVE) {
        const Watch watch = m_watches.value(socket);
        disable(watch.read);
        disable(watch.write);
        return;
    }
    Watch &watch = m_watches[socket];
    watchFor(watch.read, socket, what == CURL_POLL_IN || what == CURL_POLL_INOUT, true);
    watchFor(watch.write, socket, what == CURL_POLL_OUT || what == CURL_POLL_INOUT, false);
}

void HttpChecks::watchFor(QSocketNotifier *&notifier, int socket, bool wanted, bool forReading)
{
    if (notifier) {
        notifier->setEnabled(wanted);
        return;
    }
    if (!wanted)
        return;
    notifier = new QSocketNotifier(socket, forReading ? QSocketNotifier::Read : QSocketNotifier::Write, this);
    const int events = forReading ? CURL_CSELECT_IN : CURL_CSELECT_OUT;
    connect(notifier, &QSocketNotifier::activated, this, [this, socket, events] { act(socket, events); });
}

void HttpChecks::act(int socket, int events)
{
    int stillRunning = 0;
    curl_multi_socket_action(m_multi, socket, events, &stillRunning);
    finishTransfers();
}

void HttpChecks::finishTransfers()
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
        if (qsizetype(m_idle.size()) < m_maxIdle)
            m_idle.push_back(std::move(transfer));
        done(outcome);
    }
}

HttpChecks::Outcome HttpChecks::outcomeOf(Transfer &transfer, int code) const
{
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
