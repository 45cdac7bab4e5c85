<?php
/**
 * Deleting the plugin removes what it kept: its options (the settings with the publisher key,
 * the site's pronunciations, the back catalogue's state) and its post meta. The audio stays on
 * the service (forget it there with DELETE /api/articles/<id> if wanted).
 *
 * @package TTS_Service
 */

defined( 'WP_UNINSTALL_PLUGIN' ) || exit;

foreach ( array( 'tts_service_settings', 'tts_service_site_lexicon', 'tts_service_catalogue', 'tts_service_catalogue_running', 'tts_service_lexicon_sync', 'tts_service_cron_seen' ) as $tts_service_option ) {
	delete_option( $tts_service_option );
}
foreach ( array( '_tts_service_article_id', '_tts_service_status', '_tts_service_error', '_tts_service_off', '_tts_service_lexicon' ) as $tts_service_key ) {
	delete_post_meta_by_key( $tts_service_key );
}
