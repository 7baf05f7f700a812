// SPDX-License-Identifier: GPL-3.0-or-later
#include "dialogs/instancedialog.h"

#include "bridgetexts.h"
#include "model/instance.h"
#include "dialogs/formcheck.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QHostAddress>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

namespace {
const QList<InstanceStatus> editableStatuses {InstanceStatus::Up, InstanceStatus::Down, InstanceStatus::Starting,
                                              InstanceStatus::OutOfService};

// Eureka's XML format makes each metadata key an element name.
bool isXmlName(const QString &key)
{
    static const QRegularExpression name(QStringLiteral("^[A-Za-z_][A-Za-z0-9._-]*$"));
    return name.match(key).hasMatch();
}
}

InstanceDialog::InstanceDialog(Mode mode, QWidget *parent)
    : QDialog(parent)
    , m_mode(mode)
    , m_app(new QComboBox(this))
    , m_instanceId(new QLineEdit(this))
    , m_host(new QLineEdit(this))
    , m_ip(new QLineEdit(this))
    , m_port(new QSpinBox(this))
    , m_status(new QComboBox(this))
    , m_leaseSecs(new QSpinBox(this))
    , m_pinned(new QCheckBox(tr("Pinned: no heartbeats, never expires, kept across restarts"), this))
    , m_metadata(new QTableWidget(0, 2, this))
    , m_checkKind(new QComboBox(this))
    , m_checkTarget(new QLineEdit(this))
    , m_checkIntervalMs(new QSpinBox(this))
    , m_checkFailures(new QSpinBox(this))
    , m_checkDeregisterSecs(new QSpinBox(this))
    , m_addKey(new QPushButton(tr("Add key"), this))
    , m_removeKey(new QPushButton(tr("Remove key"), this))
    , m_foreignNote(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(mode == Mode::Register ? tr("Register an instance") : tr("Edit instance"));
    m_app->setEditable(true);
    m_app->setObjectName(QStringLiteral("app"));
    m_app->lineEdit()->setPlaceholderText(tr("e.g. ORDERS"));
    m_instanceId->setObjectName(QStringLiteral("instanceId"));
    m_host->setObjectName(QStringLiteral("host"));
    m_host->setPlaceholderText(tr("e.g. orders-1.local"));
    m_ip->setObjectName(QStringLiteral("ip"));
    m_ip->setPlaceholderText(tr("e.g. 10.0.0.5"));
    m_port->setObjectName(QStringLiteral("port"));
    m_port->setRange(1, 65535);
    m_port->setValue(8080);
    m_status->setObjectName(QStringLiteral("status"));
    for (const auto status : editableStatuses)
        m_status->addItem(statusName(status), int(status));
    m_leaseSecs->setObjectName(QStringLiteral("leaseSecs"));
    m_leaseSecs->setRange(1, 24 * 3600);
    m_leaseSecs->setValue(90);
    m_leaseSecs->setSuffix(tr(" s"));
    m_pinned->setObjectName(QStringLiteral("pinned"));
    m_metadata->setObjectName(QStringLiteral("metadata"));
    m_metadata->setHorizontalHeaderLabels({tr("Key"), tr("Value")});
    m_metadata->horizontalHeader()->setStretchLastSection(true);
    m_metadata->verticalHeader()->hide();
    m_metadata->setMinimumHeight(120);

    auto *form = new QFormLayout;
    const auto addField = [&](const QString &label, QWidget *field, const QString &name) {
        auto *column = new QVBoxLayout;
        column->setSpacing(2);
        column->addWidget(field);
        column->addWidget(addErrorLabel(name));
        form->addRow(label, column);
    };
    addField(tr("&Service (app):"), m_app, QStringLiteral("app"));
    addField(tr("Instance &ID:"), m_instanceId, QStringLiteral("instanceId"));
    addField(tr("&Host name:"), m_host, QStringLiteral("host"));
    addField(tr("I&P address:"), m_ip, QStringLiteral("ip"));
    form->addRow(tr("&Port:"), m_port);
    form->addRow(tr("S&tatus:"), m_status);
    form->addRow(tr("&Lease duration:"), m_leaseSecs);
    form->addRow(QString(), m_pinned);

    auto *metadataButtons = new QHBoxLayout;
    metadataButtons->addWidget(m_addKey);
    metadataButtons->addWidget(m_removeKey);
    metadataButtons->addStretch();
    auto *metadataColumn = new QVBoxLayout;
    metadataColumn->addWidget(m_metadata);
    metadataColumn->addLayout(metadataButtons);
    metadataColumn->addWidget(addErrorLabel(QStringLiteral("metadata")));
    form->addRow(tr("&Metadata:"), metadataColumn);
    form->addRow(tr("&Health check:"), createCheckFields());

    m_foreignNote->setObjectName(QStringLiteral("foreignNote"));
    m_foreignNote->setWordWrap(true);
    m_foreignNote->hide();
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_foreignNote);
    layout->addLayout(form);
    layout->addWidget(m_buttons);

    connect(m_addKey, &QPushButton::clicked, this, [this] {
        addMetadataRow();
        m_metadata->editItem(m_metadata->item(m_metadata->rowCount() - 1, 0));
    });
    connect(m_removeKey, &QPushButton::clicked, this, [this] {
        if (m_metadata->currentRow() >= 0)
            m_metadata->removeRow(m_metadata->currentRow());
        validate();
    });
    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] {
        validate();
        if (isValid())
            accept();
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_app, &QComboBox::editTextChanged, this, &InstanceDialog::validate);
    for (QLineEdit *edit : {m_instanceId, m_host, m_ip})
        connect(edit, &QLineEdit::textChanged, this, &InstanceDialog::validate);
    connect(m_port, &QSpinBox::valueChanged, this, &InstanceDialog::validate);
    connect(m_pinned, &QCheckBox::toggled, m_leaseSecs, &QWidget::setDisabled);
    connect(m_metadata, &QTableWidget::itemChanged, this, &InstanceDialog::validate);

    if (mode == Mode::Edit) {
        for (QWidget *fixed : std::initializer_list<QWidget *> {m_app, m_instanceId, m_host, m_ip, m_port,
                                                                m_leaseSecs, m_pinned, m_checkKind, m_checkTarget,
                                                                m_checkIntervalMs, m_checkFailures,
                                                                m_checkDeregisterSecs})
            fixed->setEnabled(false);
    }
    validate();
}

// The check the node runs against the instance: none, an HTTP GET or a TCP connect, how often,
// how many failures make it DOWN, and when a failing one is removed.
QLayout *InstanceDialog::createCheckFields()
{
    m_checkKind->setObjectName(QStringLiteral("checkKind"));
    m_checkKind->addItem(tr("None"));
    m_checkKind->addItem(tr("HTTP GET (2xx passes)"), int(CheckSpec::Kind::Http));
    m_checkKind->addItem(tr("TCP connect"), int(CheckSpec::Kind::Tcp));
    m_checkTarget->setObjectName(QStringLiteral("checkTarget"));
    m_checkIntervalMs->setObjectName(QStringLiteral("checkInterval"));
    m_checkIntervalMs->setRange(100, 24 * 3600 * 1000);
    m_checkIntervalMs->setSingleStep(500);
    m_checkIntervalMs->setValue(CheckSpec {}.intervalMs);
    m_checkIntervalMs->setSuffix(tr(" ms"));
    m_checkFailures->setObjectName(QStringLiteral("checkFailures"));
    m_checkFailures->setRange(1, 100);
    m_checkFailures->setValue(CheckSpec {}.failures);
    m_checkDeregisterSecs->setObjectName(QStringLiteral("checkDeregister"));
    m_checkDeregisterSecs->setRange(0, 30 * 24 * 3600);
    m_checkDeregisterSecs->setSpecialValueText(tr("never"));
    m_checkDeregisterSecs->setSuffix(tr(" s"));

    auto *timing = new QHBoxLayout;
    timing->addWidget(new QLabel(tr("every"), this));
    timing->addWidget(m_checkIntervalMs);
    timing->addWidget(new QLabel(tr("DOWN after"), this));
    timing->addWidget(m_checkFailures);
    timing->addWidget(new QLabel(tr("failures; remove after"), this));
    timing->addWidget(m_checkDeregisterSecs);
    timing->addStretch();
    auto *column = new QVBoxLayout;
    column->setSpacing(2);
    auto *kindRow = new QHBoxLayout;
    kindRow->addWidget(m_checkKind);
    kindRow->addWidget(m_checkTarget, 1);
    column->addLayout(kindRow);
    column->addLayout(timing);
    column->addWidget(addErrorLabel(QStringLiteral("check")));

    const auto kindChanged = [this] {
        const bool on = m_checkKind->currentIndex() > 0;
        for (QWidget *field : std::initializer_list<QWidget *> {m_checkTarget, m_checkIntervalMs, m_checkFailures,
                                                                m_checkDeregisterSecs})
            field->setEnabled(on && m_mode == Mode::Register);
        m_checkTarget->setPlaceholderText(m_checkKind->currentData() == int(CheckSpec::Kind::Tcp)
                                              ? tr("host:port, e.g. 10.0.0.5:8080")
                                              : tr("URL, e.g. http://10.0.0.5:8080/health"));
        validate();
    };
    connect(m_checkKind, &QComboBox::currentIndexChanged, this, kindChanged);
    connect(m_checkTarget, &QLineEdit::textChanged, this, &InstanceDialog::validate);
    connect(m_checkIntervalMs, &QSpinBox::valueChanged, this, &InstanceDialog::validate);
    for (QWidget *field : std::initializer_list<QWidget *> {m_checkTarget, m_checkIntervalMs, m_checkFailures,
                                                            m_checkDeregisterSecs})
        field->setEnabled(false);
    return column;
}

std::optional<CheckSpec> InstanceDialog::check() const
{
    if (m_checkKind->currentIndex() <= 0)
        return std::nullopt;
    CheckSpec check;
    check.kind = CheckSpec::Kind(m_checkKind->currentData().toInt());
    check.target = m_checkTarget->text().trimmed();
    check.intervalMs = m_checkIntervalMs->value();
    check.timeoutMs = std::min(check.intervalMs, CheckSpec {}.timeoutMs);
    check.failures = m_checkFailures->value();
    check.deregisterAfterMs = qint64(m_checkDeregisterSecs->value()) * 1000;
    return check;
}

QString InstanceDialog::checkProblem() const
{
    const auto spec = check();
    if (!spec || spec->validationError().isEmpty())
        return {};
    if (spec->kind == CheckSpec::Kind::Tcp)
        return tr("A TCP check needs host:port.");
    return tr("An HTTP check needs an http:// or https:// URL.");
}

QLabel *InstanceDialog::addErrorLabel(const QString &field)
{
    QLabel *label = FormCheck::errorLabel(this);
    label->setObjectName(field + QStringLiteral("Error"));
    m_errorLabels.insert(field, label);
    return label;
}

void InstanceDialog::addMetadataRow(const QString &key, const QString &value)
{
    const QSignalBlocker blocker(m_metadata);
    const int row = m_metadata->rowCount();
    m_metadata->insertRow(row);
    m_metadata->setItem(row, 0, new QTableWidgetItem(key));
    m_metadata->setItem(row, 1, new QTableWidgetItem(value));
}

void InstanceDialog::setKnownApps(const QStringList &apps)
{
    const QString current = m_app->currentText();
    m_app->clear();
    m_app->addItems(apps);
    m_app->setCurrentText(current);
}

void InstanceDialog::setPinnable(bool pinnable)
{
    if (!pinnable)
        m_pinned->setChecked(false);
    m_pinned->setEnabled(pinnable && m_mode == Mode::Register);
}

void InstanceDialog::setInstance(const Instance &instance)
{
    m_original = instance;
    m_app->setCurrentText(instance.app);
    m_instanceId->setText(instance.instanceId);
    m_host->setText(instance.hostName);
    m_ip->setText(instance.ipAddr);
    m_port->setValue(std::max(1, instance.port.number));
    const int statusIndex = m_status->findData(int(instance.status));
    m_status->setCurrentIndex(std::max(0, statusIndex));
    if (instance.lease.durationSecs > 0)
        m_leaseSecs->setValue(instance.lease.durationSecs);
    m_pinned->setChecked(instance.pinned);
    if (instance.check) {
        m_checkKind->setCurrentIndex(std::max(0, m_checkKind->findData(int(instance.check->kind))));
        m_checkTarget->setText(instance.check->target);
        m_checkIntervalMs->setValue(instance.check->intervalMs);
        m_checkFailures->setValue(instance.check->failures);
        m_checkDeregisterSecs->setValue(int(instance.check->deregisterAfterMs / 1000));
    } else {
        m_checkKind->setCurrentIndex(0);
    }
    m_metadata->setRowCount(0);
    for (auto it = instance.metadata.cbegin(); it != instance.metadata.cend(); ++it)
        addMetadataRow(it.key(), it.value());
    const bool foreign = m_mode == Mode::Edit && !instance.bridge.isEmpty();
    m_foreignNote->setText(foreign ? BridgeTexts::foreignEntryNote(instance.bridge) : QString());
    m_foreignNote->setVisible(foreign);
    for (QWidget *metadataEditor : std::initializer_list<QWidget *> {m_metadata, m_addKey, m_removeKey}) {
        metadataEditor->setEnabled(!foreign);
        metadataEditor->setToolTip(foreign ? tr("The metadata of a mirrored entry belongs to its own registry.")
                                           : QString());
    }
    validate();
}

QString InstanceDialog::defaultInstanceId() const
{
    return QStringLiteral("%1:%2:%3").arg(m_host->text().trimmed(), m_app->currentText().trimmed().toLower())
        .arg(m_port->value());
}

void InstanceDialog::setError(const QString &field, const QString &message)
{
    if (message.isEmpty())
        m_errors.remove(field);
    else
        m_errors.insert(field, message);
    if (QLabel *label = m_errorLabels.value(field))
        FormCheck::show(label, message);
}

void InstanceDialog::validate()
{
    static const QRegularExpression hostName(QStringLiteral("^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$"));
    setError(QStringLiteral("app"), FormCheck::appNameProblem(m_app->currentText()));
    const QString id = m_instanceId->text().trimmed();
    m_instanceId->setPlaceholderText(defaultInstanceId());
    setError(QStringLiteral("instanceId"), id.contains(u'/') || id.contains(u' ')
                                               ? tr("An instance ID cannot contain '/' or spaces.")
                                               : QString());
    const QString host = m_host->text().trimmed();
    setError(QStringLiteral("host"), host.isEmpty() ? tr("A host name is required.")
                                     : !hostName.match(host).hasMatch()
                                         ? tr("Not a host name: use letters, digits, '.' and '-'.")
                                         : QString());
    const QString ip = m_ip->text().trimmed();
    QHostAddress address;
    setError(QStringLiteral("ip"), ip.isEmpty() ? tr("An IP address is required.")
                                   : !address.setAddress(ip) ? tr("Not an IPv4 or IPv6 address.")
                                                             : QString());
    QString metadataError;
    QSet<QString> keys;
    for (int row = 0; row < m_metadata->rowCount() && metadataError.isEmpty(); ++row) {
        const QString key = m_metadata->item(row, 0) ? m_metadata->item(row, 0)->text().trimmed() : QString();
        if (key.isEmpty())
            metadataError = tr("Row %1: a key is required.").arg(row + 1);
        else if (!isXmlName(key))
            metadataError = tr("Row %1: \"%2\" is not a valid key (start with a letter or '_'; then letters, "
                               "digits, '.', '-', '_').").arg(row + 1).arg(key);
        else if (keys.contains(key))
            metadataError = tr("Row %1: the key \"%2\" is already used.").arg(row + 1).arg(key);
        keys.insert(key);
    }
    setError(QStringLiteral("metadata"), metadataError);
    setError(QStringLiteral("check"), checkProblem());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(isValid());
}

QMap<QString, QString> InstanceDialog::metadata() const
{
    QMap<QString, QString> metadata;
    for (int row = 0; row < m_metadata->rowCount(); ++row) {
        const auto *key = m_metadata->item(row, 0);
        const auto *value = m_metadata->item(row, 1);
        if (key && !key->text().trimmed().isEmpty())
            metadata.insert(key->text().trimmed(), value ? value->text() : QString());
    }
    return metadata;
}

InstanceStatus InstanceDialog::status() const
{
    return InstanceStatus(m_status->currentData().toInt());
}

Instance InstanceDialog::instance() const
{
    Instance instance = m_original;
    instance.app = normalizedAppName(m_app->currentText().trimmed());
    const QString id = m_instanceId->text().trimmed();
    instance.instanceId = id.isEmpty() ? defaultInstanceId() : id;
    instance.hostName = m_host->text().trimmed();
    instance.ipAddr = m_ip->text().trimmed();
    instance.port = {m_port->value(), true};
    instance.vipAddress = instance.vipAddress.isEmpty() ? m_app->currentText().trimmed().toLower() : instance.vipAddress;
    instance.status = status();
    instance.pinned = m_pinned->isChecked();
    instance.lease.durationSecs = m_leaseSecs->value();
    instance.metadata = metadata();
    if (m_mode == Mode::Register)
        instance.check = check();
    return instance;
}
