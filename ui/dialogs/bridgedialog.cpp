// SPDX-License-Identifier: GPL-3.0-or-later
#include "dialogs/bridgedialog.h"

#include "bridgetexts.h"
#include "dialogs/formcheck.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHostAddress>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace {
bool isLoopback(const QString &host)
{
    return host == u"localhost" || QHostAddress(host).isLoopback();
}

// How the node keeps a bridge's URL: an Eureka service URL ends in '/', a Service-Center is its root.
QString normalized(BridgeState::Kind kind, QUrl url)
{
    url = url.adjusted(QUrl::RemoveQuery | QUrl::RemoveFragment | QUrl::RemoveUserInfo);
    if (kind == BridgeState::Kind::ServiceComb)
        url.setPath({});
    else if (!url.path().endsWith(u'/'))
        url.setPath(url.path() + u'/');
    return url.toString();
}
}

BridgeDialog::BridgeDialog(const QString &nodeName, const QUrl &nodeAddress, const QStringList &bridgedUrls,
                           QWidget *parent)
    : QDialog(parent)
    , m_nodeAddress(nodeAddress)
    , m_bridgedUrls(bridgedUrls)
    , m_kind(new QComboBox(this))
    , m_url(new QLineEdit(this))
    , m_error(FormCheck::errorLabel(this))
    , m_hint(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Add a bridge to %1").arg(nodeName));
    m_kind->setObjectName(QStringLiteral("kind"));
    for (const auto kind : {BridgeState::Kind::Eureka, BridgeState::Kind::ServiceComb})
        m_kind->addItem(QIcon(QStringLiteral(":/icons/bridge.svg")), BridgeTexts::kindName(kind), int(kind));
    m_url->setObjectName(QStringLiteral("url"));
    m_url->setClearButtonEnabled(true);
    m_url->setMinimumWidth(m_url->fontMetrics().averageCharWidth() * 44);
    m_error->setObjectName(QStringLiteral("urlError"));
    m_hint->setWordWrap(true);
    auto *explanation = new QLabel(tr("The node reads the external registry and mirrors its instances here, "
                                      "where they are read-only, and registers its own instances there. If the "
                                      "external registry stops answering, its entries stay for a grace period."),
                                   this);
    explanation->setWordWrap(true);

    auto *form = new QFormLayout;
    form->addRow(tr("&Kind:"), m_kind);
    form->addRow(tr("&URL:"), m_url);
    form->addRow(QString(), m_error);
    form->addRow(QString(), m_hint);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(explanation);
    layout->addLayout(form);
    layout->addWidget(m_buttons);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Add bridge"));

    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] {
        validate();
        if (m_problem.isEmpty())
            accept();
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_kind, &QComboBox::currentIndexChanged, this, &BridgeDialog::onKindChanged);
    connect(m_url, &QLineEdit::textChanged, this, &BridgeDialog::validate);
    onKindChanged();
}

BridgeState::Kind BridgeDialog::kind() const
{
    return BridgeState::Kind(m_kind->currentData().toInt());
}

QUrl BridgeDialog::url() const
{
    return QUrl(m_url->text().trimmed());
}

void BridgeDialog::onKindChanged()
{
    const bool eureka = kind() == BridgeState::Kind::Eureka;
    m_url->setPlaceholderText(eureka ? tr("e.g. http://eureka.example:8761/eureka/")
                                     : tr("e.g. http://servicecenter.example:30100"));
    m_hint->setText(eureka ? tr("The Eureka server's service URL, as its clients use it.")
                           : tr("The Service-Center's root: scheme, host and port."));
    validate();
}

void BridgeDialog::validate()
{
    m_problem = problemWith(kind(), m_url->text());
    // An empty field is not an error yet, but there is nothing to add either.
    FormCheck::show(m_error, m_url->text().trimmed().isEmpty() ? QString() : m_problem);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(m_problem.isEmpty());
}

QString BridgeDialog::problemWith(BridgeState::Kind kind, const QString &text) const
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return tr("Enter the external registry's URL.");
    if (const QString problem = FormCheck::httpUrlProblem(trimmed); !problem.isEmpty())
        return problem;
    const QUrl url(trimmed);
    if (kind == BridgeState::Kind::ServiceComb && !url.path().isEmpty() && url.path() != u"/")
        return tr("A Service-Center is named by its root, e.g. http://host:30100: leave out the path %1.")
            .arg(url.path());
    if (isNodeItself(url))
        return tr("That is this node's own address: a bridge links the node to another registry.");
    if (m_bridgedUrls.contains(normalized(kind, url)))
        return tr("The node has a bridge to this registry already.");
    return {};
}

bool BridgeDialog::isNodeItself(const QUrl &url) const
{
    if (m_nodeAddress.isEmpty() || url.port(80) != m_nodeAddress.port(80))
        return false;
    return url.host() == m_nodeAddress.host() || (isLoopback(url.host()) && isLoopback(m_nodeAddress.host()));
}
