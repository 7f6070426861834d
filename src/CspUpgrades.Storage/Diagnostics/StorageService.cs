namespace CspUpgrades.Storage.Diagnostics;

internal enum StorageService
{
    Table,
    Queue,
}
