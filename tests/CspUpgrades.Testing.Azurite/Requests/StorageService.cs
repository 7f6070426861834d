namespace CspUpgrades.Testing.Azurite.Requests;

internal enum StorageService
{
    Table,
    Queue,
}
