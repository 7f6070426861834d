// Where the app publishes its integration events (docs/EVENTS.md): a topic in a Service Bus namespace, and the one role
// the app's identity needs to send to it. Deployed only when events are on (main.bicep); subscriptions on the topic, one
// per partner or consumer, are the operator's (docs/DEPLOY.md section 13).
param namespaceName string

@description('True: create the namespace (Standard). False: it exists already in this resource group (Standard or Premium; Basic has no topics).')
param createNamespace bool

param location string
param tags object
param topicName string

@description('principalId of the app\'s user-assigned identity.')
param identityPrincipalId string

// Built-in role definition: the same GUID in every tenant.
var serviceBusDataSender = '69a216fc-b8fb-44d8-bc22-1f3c2cd27a39' // Azure Service Bus Data Sender

resource newNamespace 'Microsoft.ServiceBus/namespaces@2024-01-01' = if (createNamespace) {
  name: namespaceName
  location: location
  tags: tags
  // Standard is the cheapest tier with topics, sessions and duplicate detection.
  sku: {
    name: 'Standard'
    tier: 'Standard'
  }
  properties: {
    // Entra ID only, like the storage account: no SAS key can bypass the role below.
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
  }
}

resource namespace 'Microsoft.ServiceBus/namespaces@2024-01-01' existing = {
  name: namespaceName
}

resource topic 'Microsoft.ServiceBus/namespaces/topics@2024-01-01' = {
  parent: namespace
  name: topicName
  dependsOn: [
    newNamespace
  ]
  properties: {
    // The publisher sets MessageId to the event id and publishes at least once: a crash between the send and the outbox
    // row's delete sends the same events again on the next drain. The topic drops those repeats within the window.
    requiresDuplicateDetection: true
    // One day, not the 10-minute default: a repeat comes after the send succeeded and the outbox delete did not, i.e.
    // after a storage outage or a crashed drain, and the next drain may be hours away if storage stays down. At this
    // app's volume (a few events per upgrade) a day of message ids costs the topic nothing measurable; 7 days is the most.
    duplicateDetectionHistoryTimeWindow: 'P1D'
    // Keep the order the app sends in; consumers that need one subscription's events in order use sessions (SessionId).
    supportOrdering: true
  }
}

// The app only sends: not Data Owner, and scoped to the topic, not the namespace.
resource appDataSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(topic.id, identityPrincipalId, serviceBusDataSender)
  scope: topic
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', serviceBusDataSender)
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
  }
}

// The host name the SDK connects to (<namespace>.servicebus.windows.net, or a sovereign cloud's), from the endpoint
// https://<host>:443/ the namespace reports.
output fullyQualifiedNamespace string = split(split(namespace.properties.serviceBusEndpoint, '//')[1], ':')[0]
output topicName string = topic.name
